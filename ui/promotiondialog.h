#pragma once

// Promotion of a run (SPEC §3, issue 9): every eligibility condition with its state
// (run DONE_SUCCESS, every tier clean, no budget failure, every file of the run's
// branch viewed in the diff viewer), whether the base branch would be fast-forwarded
// or get a merge commit, and the outcome. Promote is enabled only when every condition
// holds; the Supervisor still decides (and refuses a conflict, listing the paths).
//
// The base tip is read when the dialog refreshes; when it moved by the time Promote is
// pressed, nothing is promoted: the dialog refreshes and says from what to what it
// moved, so the reviewer promotes what they saw.

#include <QDialog>
#include <QList>
#include <QString>

class QLabel;
class QListWidget;
class QPushButton;

namespace Autopack {
class Store;
}

namespace Autopack::Ui {

class ReviewFlowActions;

class PromotionDialog : public QDialog
{
    Q_OBJECT
public:
    struct Condition {
        QString name; // run_state | tiers_clean | budgets | files_viewed
        bool holds = false;
        QString detail; // what it is now, for the reviewer
    };

    // `store` and `actions` must outlive the dialog.
    PromotionDialog(Store &store, ReviewFlowActions &actions, QString runId, QWidget *parent = nullptr);

    // How many files of the run's branch diff the reviewer has marked viewed.
    void setViewedFiles(int viewed, int total);

    // Reads the store and the repository again.
    void refresh();

    const QList<Condition> &conditions() const { return m_conditions; }
    bool everythingHolds() const;
    QString mergeKind() const { return m_mergeKind; } // fast_forward | merge_commit | already_merged | empty
    QString baseTip() const { return m_baseTip; }
    QString newBaseTip() const { return m_newBase; } // after a promotion
    QPushButton *promoteButton() const { return m_promote; }
    QLabel *messageLabel() const { return m_message; }
    QListWidget *conditionList() const { return m_list; }

    // Promotes when everything holds and the base has not moved; false otherwise
    // (messageLabel() says why).
    bool promote();

Q_SIGNALS:
    void promoted(const QString &runId, const QString &newBase);

private:
    QString readBaseTip(QString *error) const;

    Store &m_store;
    ReviewFlowActions &m_actions;
    QString m_runId;
    int m_viewed = 0;
    int m_total = -1; // unknown until setViewedFiles
    QList<Condition> m_conditions;
    QString m_mergeKind;
    QString m_baseTip;
    QString m_newBase;
    QString m_repoPath;
    QString m_baseBranch;
    QString m_integrationBranch;
    QLabel *m_header = nullptr;
    QListWidget *m_list = nullptr;
    QLabel *m_kind = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_promote = nullptr;
};

} // namespace Autopack::Ui
