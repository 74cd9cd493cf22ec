package org.gsaexplorer.model.backend.cuda;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The tests of the annotated class run only where the cuda backend can start; elsewhere each one is reported as
 * skipped, with the reason (no libcuda, no device, driver too old, ...). The class's set-up must itself do nothing
 * without a GPU ({@link Condition#available()}): the condition is per test so that the report lists every skipped test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresGpu.Condition.class)
public @interface RequiresGpu {

    final class Condition implements ExecutionCondition {
        private static String reason;
        private static boolean asked;

        /** Whether the cuda backend can start here (asked once per run). */
        public static boolean available() {
            return reason() == null;
        }

        private static synchronized String reason() {
            if (!asked) {
                reason = CudaBackend.unavailableReason();
                asked = true;
            }
            return reason;
        }

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (context.getTestMethod().isEmpty()) return ConditionEvaluationResult.enabled("checked per test");
            String why = reason();
            return why == null ? ConditionEvaluationResult.enabled("GPU available")
                    : ConditionEvaluationResult.disabled("no usable GPU: " + why);
        }
    }
}
