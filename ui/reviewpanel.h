#pragma once

// The review tab (issue 9): a phase's candidate (its commits together or the latest
// alone, each attempt, each attempt against the one before) or a run's whole branch,
// in the DiffView; auditor findings beside it and marked at their lines; the
// reviewer's line comments; Approve / Reject of a gated phase and the promotion
// dialog of a run.
//
// Diffs are computed on a worker thread; a newer request stops the older one, whose
// result is dropped. Approval names the candidate shown: when a newer attempt came in,
// the Supervisor refuses and the panel shows the newer candidate with a message.

#include "linecomments.h"
#include "reviewsource.h"

#include <QHash>
#include <QList>
#include <QWidget>

#include <memory>
#include <stop_token>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QThread;

namespace Autopack {
class Store;
}
namespace Autopack::Highlight {
class SyntaxHighlighter;
}
namespace Autopack::DiffUi {
class DiffView;
class ViewedStore;
} // namespace Autopack::DiffUi

namespace Autopack::Ui {

class ReviewFlowActions;
class PromotionDialog;

class ReviewPanel : public QWidget
{
    Q_OBJECT
public:
    // `store` must outlive the panel; `actions` may be null (read-only review).
    explicit ReviewPanel(Store &store, ReviewFlowActions *actions, QWidget *parent = nullptr);
    // The panel owns `actions` (may be null).
    ReviewPanel(Store &store, std::unique_ptr<ReviewFlowActions> actions, QWidget *parent = nullptr);
    ~ReviewPanel() override;

    // Not owned; must outlive the panel.
    void setHighlighter(Highlight::SyntaxHighlighter *highlighter);
    void setViewedStore(DiffUi::ViewedStore *store);
    // Viewed files remembered per commit in the application's settings.
    void rememberViewedInSettings();
    Store &store() const { return m_store; }

    // For a window's selection: the phase (or, with no phase, the run) is shown again
    // only when it or its candidate changed since the last call, so the reviewer keeps
    // their place while the window refreshes.
    void follow(const QString &runId, const QString &phaseId);

    // Lists the phase's choices (and its run's branch) and shows its candidate.
    void showPhase(const QString &runId, const QString &phaseId);
    // Lists the run's branch (and nothing else) and shows it.
    void showRun(const QString &runId);
    // Shows choice `index` of sources().
    void showSource(int index);

    const QList<ReviewSource> &sources() const { return m_sources; }
    const ReviewSource &shownSource() const { return m_shown; }
    const Git::DiffSet &shownDiff() const { return m_diff; }
    bool isLoading() const { return m_pending != nullptr; }

    // Comments on the new-side line shown in diff row `row` (the current row from the
    // keyboard or context menu); false when the row is no line of the new side.
    bool addComment(int row, const QString &text);
    const LineComments &comments() const { return m_comments; }
    // Comments of earlier rejections moved onto the lines they still have in the shown diff.
    const QList<LineComment> &earlierComments() const { return m_earlier; }

    bool approve();
    // Sends the comments, each quoting its hunk, with `summary` as the rejection.
    bool reject(const QString &summary);
    PromotionDialog *openPromotion();

    DiffUi::DiffView *diffView() const { return m_view; }
    QComboBox *sourceBox() const { return m_sourceBox; }
    QListWidget *findingsList() const { return m_findings; }
    QListWidget *commentList() const { return m_commentList; }
    QLabel *messageLabel() const { return m_message; }
    QPushButton *approveButton() const { return m_approve; }
    QPushButton *rejectButton() const { return m_reject; }
    QPushButton *promoteButton() const { return m_promote; }

Q_SIGNALS:
    void diffShown(); // the requested diff (or its error) is on screen
    void decided(const QString &runId, const QString &phaseId, const QString &decision);

private:
    struct Result;
    void request(const ReviewSource &source);
    void deliver(quint64 generation, std::shared_ptr<Result> result);
    void updateMarkers();
    void updateFindings();
    void updateButtons();
    void promptComment();

    Store &m_store;
    ReviewFlowActions *m_actions = nullptr;
    std::unique_ptr<ReviewFlowActions> m_ownedActions;
    std::unique_ptr<DiffUi::ViewedStore> m_ownedViewed;
    QString m_followed;
    QList<ReviewSource> m_sources;
    ReviewSource m_shown;
    Git::DiffSet m_diff;
    LineComments m_comments;
    QList<LineComment> m_earlier;
    quint64 m_generation = 0;
    QThread *m_pending = nullptr;
    std::stop_source m_stop;
    QList<QThread *> m_threads;

    QComboBox *m_sourceBox = nullptr;
    QLabel *m_header = nullptr;
    DiffUi::DiffView *m_view = nullptr;
    QListWidget *m_findings = nullptr;
    QListWidget *m_commentList = nullptr;
    QLineEdit *m_summary = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_approve = nullptr;
    QPushButton *m_reject = nullptr;
    QPushButton *m_promote = nullptr;
};

} // namespace Autopack::Ui
