package org.gsaexplorer.visualizer.panels;

import org.gsaexplorer.visualizer.recall.Navigator;
import org.gsaexplorer.visualizer.recall.ViewTarget;
import org.gsaexplorer.visualizer.session.ExplorerSnapshot;
import org.gsaexplorer.visualizer.session.ExplorerViewModel;
import org.gsaexplorer.visualizer.session.Selection;
import org.gsaexplorer.visualizer.views.ViewKind;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Brings the explorer's views to what a side panel asks for (a recall query, a tour step), free of JavaFX: prompt,
 * ablations, selection and cursor as explorer commands, which queue on its engine in that order so the cursor lands
 * on the new tokens, then the view.
 */
public final class Navigation implements Navigator {
    private final ExplorerViewModel explorer;
    private final Executor ui;
    private final Consumer<ViewKind> showView;

    /** @param showView brings a view to the front; told on {@code ui} */
    public Navigation(ExplorerViewModel explorer, Executor ui, Consumer<ViewKind> showView) {
        this.explorer = explorer;
        this.ui = ui;
        this.showView = showView;
    }

    @Override
    public void navigate(ViewTarget t) {
        ExplorerSnapshot s = explorer.snapshot();
        if (s.model() == null) return;
        String text = t.promptText(s.model().tokenText());
        if (text != null && !text.equals(s.prompt())) explorer.setPrompt(text);
        if (t.ablations() != null) explorer.setAblations(t.ablations());
        explorer.select(new Selection(t.layer(), t.head(), t.slot(), s.selection().window()));
        explorer.jump(t.tokens());
        ui.execute(() -> showView.accept(t.view()));
    }
}
