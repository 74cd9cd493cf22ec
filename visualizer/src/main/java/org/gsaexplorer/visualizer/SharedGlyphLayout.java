package org.gsaexplorer.visualizer;

/**
 * Keeps JavaFX's shared text shaper out of circulation, working around a race in JavaFX on Linux (seen with 25.0.2).
 * Text layout borrows one reusable {@code PangoGlyphLayout} from {@code GlyphLayoutManager} (or makes a private one
 * while it is borrowed), and its {@code dispose()} hands it back before freeing the UTF-8 copies of the text it shaped.
 * When the render thread (canvas text) and the FX thread (labels) lay out text at the same time, one thread frees the
 * strings the other has just made: a ConcurrentModificationException in {@code PangoGlyphLayout.dispose}, then glibc
 * aborts ("malloc(): unaligned tcache chunk detected"). The explorer redraws canvas text every frame while its labels
 * change, which crashed 5 of 11 scrub-bench runs. Borrowing the shared instance for good, before any text is laid out,
 * makes every later layout use a private shaper that no other thread touches.
 */
final class SharedGlyphLayout {
    private static Object held;

    private SharedGlyphLayout() {
    }

    /** Call once on the FX thread as the toolkit starts, before any scene lays out text. */
    static synchronized void holdForGood() {
        if (held != null) return;
        try {
            held = Class.forName("com.sun.javafx.text.GlyphLayoutManager").getMethod("getInstance").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // a JavaFX without this class (or on the module path, where it is not exported) has no shared shaper to hold
        }
    }
}
