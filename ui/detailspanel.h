#pragma once

// Everything about the selected project, run, tier or phase, read from the store and
// rendered as one rich-text page: for phases the spec, strategy slice, attempts,
// CI output (monospace), issues, reviews and the event timeline; for runs the
// budgets used against caps, tier cleanliness, failure reason and promotion
// eligibility with the reasons it is not eligible.
//
// Live: store changes concerning the shown run re-render the page (coalesced, at most
// one render per 50 ms) and keep the scroll position.
//
// A phase's agent transcript is too long and too live for the page: it shows in the
// TranscriptView given to setTranscriptView(), which the panel points at the phase shown
// and hides for anything else.

#include <QTextBrowser>
#include <QTimer>

namespace Autopack {
class Store;
}

namespace Autopack::Ui {

class TranscriptView;

class DetailsPanel : public QTextBrowser
{
    Q_OBJECT
public:
    explicit DetailsPanel(QWidget *parent = nullptr);

    // Reads from `store` (not owned; must outlive the panel or be reset to nullptr).
    void setStore(const Store *store);
    // Where a phase's transcript shows (not owned; laid out by the caller).
    void setTranscriptView(TranscriptView *view);
    TranscriptView *transcriptView() const { return m_transcript; }

    void showNothing();
    void showProject(qint64 projectId);
    void showRun(const QString &runId);
    void showTier(const QString &runId, const QString &tierId);
    void showPhase(const QString &runId, const QString &phaseId);

    // What is shown: the run (empty for a project or nothing).
    QString shownRunId() const { return m_runId; }

private:
    enum class Kind { Nothing, Project, Run, Tier, Phase };
    void scheduleRefresh(const QString &runId);
    void render();
    QString projectHtml() const;
    QString runHtml() const;
    QString tierHtml() const;
    QString phaseHtml() const;
    QString eventsHtml(const QString &entityId) const;
    void showTranscript();

    const Store *m_store = nullptr;
    Kind m_kind = Kind::Nothing;
    qint64 m_projectId = 0;
    QString m_runId;
    QString m_entityId;
    QTimer m_refresh;
    TranscriptView *m_transcript = nullptr; // not owned
};

} // namespace Autopack::Ui
