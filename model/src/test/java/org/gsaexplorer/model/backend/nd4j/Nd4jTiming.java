package org.gsaexplorer.model.backend.nd4j;

import org.gsaexplorer.model.EngineAgreement;

import org.gsaexplorer.model.Backend;
import org.gsaexplorer.model.Fixtures;
import org.gsaexplorer.model.GsaSession;
import org.gsaexplorer.model.LoadedModel;
import org.gsaexplorer.model.backend.reference.ReferenceBackend;
import org.gsaexplorer.model.probe.ProbeSpec;
import org.gsaexplorer.model.weights.Checkpoint;

import java.nio.file.Path;

/**
 * Quick timing of nd4j against the reference (not a test): batch-1 step latency and prefill throughput on the sample
 * model and the FLA dev fixture. Run from model/ with the test classpath, e.g. through exec:java or a plain java -cp.
 */
public final class Nd4jTiming {
    public static void main(String[] args) {
        int prefillLen = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        for (Path dir : new Path[]{Fixtures.sample("mqar-gsa-tiny").resolve("model"), Fixtures.devModel()}) {
            try (Checkpoint ckpt = Checkpoint.open(dir)) {
                for (Backend b : new Backend[]{new ReferenceBackend(), new Nd4jBackend()}) {
                    try (LoadedModel m = b.load(ckpt)) {
                        int v = m.config().vocabSize();
                        int[] ids = EngineAgreement.randomIds(prefillLen, v, 2);
                        double stepUs, tokPerS;
                        try (GsaSession s = m.newSession()) {
                            for (int i = 0; i < 300; i++) s.step(ids[i % ids.length], ProbeSpec.NONE);
                            int n = 2000;
                            long t0 = System.nanoTime();
                            for (int i = 0; i < n; i++) s.step(ids[i % ids.length], ProbeSpec.NONE);
                            stepUs = (System.nanoTime() - t0) / 1e3 / n;
                            for (int r = 0; r < 2; r++) {
                                s.reset();
                                s.prefill(ids, ProbeSpec.NONE);
                            }
                            int reps = 4;
                            long t1 = System.nanoTime();
                            for (int r = 0; r < reps; r++) {
                                s.reset();
                                s.prefill(ids, ProbeSpec.NONE);
                            }
                            tokPerS = reps * (double) prefillLen / ((System.nanoTime() - t1) / 1e9);
                        }
                        System.out.printf("%-14s %-9s step %8.1f us/token   prefill(T=%d) %9.0f tokens/s   [%s]%n",
                                dir.getParent().getFileName(), b.name(), stepUs, prefillLen, tokPerS, b.device());
                    }
                }
            }
        }
    }
}
