#pragma once

// The selected phase's agent transcript (SPEC §12) under the details: a tree over a
// TranscriptModel, attempts open, tool calls and results folded to one line each.
// follow() reads the phase's transcript once; new events arrive from the store's
// notifier as rows. While the reader is at the bottom, the view stays there.

#include <QTimer>
#include <QWidget>

class QLabel;
class QTreeView;

namespace Autopack {
class Store;
class TranscriptModel;
} // namespace Autopack

namespace Autopack::Ui {

class TranscriptView : public QWidget
{
    Q_OBJECT
public:
    explicit TranscriptView(QWidget *parent = nullptr);
    ~TranscriptView() override;

    // Reads from `store` (not owned; must outlive the view or be reset to nullptr).
    void setStore(const Store *store);
    // Shows the phase's transcript; the same phase again keeps what is shown.
    void follow(const QString &runId, const QString &phaseId);
    void clear();

    TranscriptModel *model() const { return m_model; }
    QTreeView *treeView() const { return m_tree; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void rowsAdded(const QModelIndex &parent, int first, int last);
    void updateHeader();

    const Store *m_store = nullptr;
    TranscriptModel *m_model;
    QLabel *m_header;
    QTreeView *m_tree;
    bool m_followBottom = true; // the reader was at the bottom before rows came
    QTimer m_relayout; // row heights follow the width
};

} // namespace Autopack::Ui
