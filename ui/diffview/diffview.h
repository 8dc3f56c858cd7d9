#pragma once

// The diff viewer of the review tab: a filterable file list (status, +/- counts, a
// "viewed" check box per file remembered per commit) beside one DiffPane, with a
// unified / side-by-side switch and a find bar (Ctrl+F). It takes plain DiffFile
// values and never calls libgit2; the caller opens the editor on openInEditor().

#include "diffpane.h"

#include <QWidget>

class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QToolButton;
class QLabel;

namespace Autopack::DiffUi {

class DiffFileListModel;
class ViewedStore;

class DiffView : public QWidget
{
    Q_OBJECT
public:
    explicit DiffView(QWidget *parent = nullptr);
    ~DiffView() override;

    // A new diff; `commit` keys the viewed state (empty: nothing is remembered).
    void setDiff(QList<Git::DiffFile> files, const QString &commit = {});
    // Not owned; may be null.
    void setViewedStore(ViewedStore *store);
    // Not owned: it must outlive the view, or be unset (nullptr) before it goes.
    void setHighlighter(Highlight::SyntaxHighlighter *highlighter);
    // Enables context expansion; without it the viewer shows only the hunks.
    void setContentProvider(ContentProvider provider);

    void setMode(DiffMode mode);
    DiffMode mode() const;

    DiffPane *pane() const { return m_pane; }
    DiffFileListModel *fileModel() const { return m_files; }
    QListView *fileList() const { return m_fileList; }
    QLineEdit *fileFilter() const { return m_filter; }
    QLineEdit *findField() const { return m_findField; }

    void showFind();

Q_SIGNALS:
    void openInEditor(const QString &path, int line);
    void fullFileRequested(int file, const QString &path); // see DiffPane

private:
    void findNext(bool backward);

    DiffPane *m_pane = nullptr;
    DiffFileListModel *m_files = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QListView *m_fileList = nullptr;
    QLineEdit *m_filter = nullptr;
    QToolButton *m_modeButton = nullptr;
    QWidget *m_findBar = nullptr;
    QLineEdit *m_findField = nullptr;
    QLabel *m_findStatus = nullptr;
    ViewedStore *m_store = nullptr;
    QString m_commit;
};

} // namespace Autopack::DiffUi
