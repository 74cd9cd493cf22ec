package org.gsaexplorer.visualizer.ui;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.gsaexplorer.visualizer.session.Errors;

import java.io.File;
import java.nio.file.Path;
import java.util.function.Function;

/** The window's dialogs: one-line errors, yes/no questions and save choosers, owned by its stage. */
final class Dialogs {
    private Stage stage;
    private Function<String, Path> saveAnswers;

    void attach(Stage s) {
        stage = s;
    }

    Stage stage() {
        return stage;
    }

    /** Shows {@code message} while the window is on screen (off screen, for snapshots and tests, nobody would close it). */
    void error(String message) {
        if (stage == null || !stage.isShowing()) return;
        Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        a.setHeaderText(null);
        a.setTitle("GSA Explorer");
        a.initOwner(stage);
        a.show();
    }

    boolean confirm(String question) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.YES, ButtonType.NO);
        a.setHeaderText(null);
        a.setTitle("GSA Explorer");
        a.initOwner(stage);
        return a.showAndWait().orElse(ButtonType.NO) == ButtonType.YES;
    }

    /**
     * Answers save dialogs with {@code answers} (suggested name to path, or null for Cancel) rather than the window
     * system's chooser, which no automated run can operate (the UI monkey test writes its exports this way).
     */
    void answerSavesWith(Function<String, Path> answers) {
        saveAnswers = answers;
    }

    /**
     * A save dialog offering {@code suggested} ({@code filter}: the kinds of file shown, or null); it asks before
     * replacing a file, so the write may overwrite what the user confirmed.
     */
    Path saveAs(String suggested, FileChooser.ExtensionFilter filter) {
        if (saveAnswers != null) return saveAnswers.apply(suggested);
        FileChooser fc = new FileChooser();
        if (filter != null) fc.getExtensionFilters().add(filter);
        fc.setInitialFileName(suggested);
        File f = fc.showSaveDialog(stage);
        return f == null ? null : f.toPath();
    }

    /** Runs {@code r}, showing its failure as one line. */
    void guard(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            error(Errors.message(e));
        }
    }
}
