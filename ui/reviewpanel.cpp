#include "reviewpanel.h"

#include "editorlauncher.h"

#include "difffilelistmodel.h"
#include "diffpane.h"
#include "diffview.h"
#include "promotiondialog.h"
#include "reviewdiff.h"
#include "reviewflowactions.h"
#include "store.h"
#include "uilog.h"
#include "viewedstore.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QSplitter>
#include <QThread>
#include <QVBoxLayout>

namespace Autopack::Ui {

struct ReviewPanel::Result {
    Git::DiffSet diff;
    QString error;
    QList<LineComment> earlier;
    QList<ReviewSource> commits; // for a phase candidate: each of its commits
};

namespace {

QColor severityColor(Severity s)
{
    switch (s) {
    case Severity::Major:
        return QColor(200, 40, 40);
    case Severity::Minor:
        break;
    }
    return QColor(220, 150, 0);
}

// "path/to/file.py:42" -> (path, 42); anything else (a test id) -> line 0.
std::pair<QString, int> splitRef(const QString &ref)
{
    const qsizetype colon = ref.lastIndexOf(u':');
    if (colon <= 0)
        return { ref, 0 };
    bool ok = false;
    const int line = ref.mid(colon + 1).toInt(&ok);
    return ok && line > 0 ? std::pair { ref.left(colon), line } : std::pair { ref, 0 };
}

} // namespace

ReviewPanel::ReviewPanel(Store &store, ReviewFlowActions *actions, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_actions(actions)
    , m_sourceBox(new QComboBox(this))
    , m_header(new QLabel(this))
    , m_view(new DiffUi::DiffView(this))
    , m_findings(new QListWidget(this))
    , m_commentList(new QListWidget(this))
    , m_summary(new QLineEdit(this))
    , m_message(new QLabel(this))
    , m_approve(new QPushButton(tr("&Approve"), this))
    , m_reject(new QPushButton(tr("Re&ject with comments"), this))
    , m_promote(new QPushButton(tr("Pro&mote run..."), this))
{
    m_sourceBox->setObjectName(QStringLiteral("reviewSource"));
    m_header->setObjectName(QStringLiteral("reviewHeader"));
    m_header->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("reviewMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_findings->setObjectName(QStringLiteral("reviewFindings"));
    m_findings->setWordWrap(true);
    m_commentList->setObjectName(QStringLiteral("reviewComments"));
    m_commentList->setWordWrap(true);
    m_summary->setPlaceholderText(tr("Rejection summary (the line comments are added below it)"));

    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(new QLabel(tr("Auditor findings"), side));
    sideLayout->addWidget(m_findings, 2);
    sideLayout->addWidget(new QLabel(tr("Line comments (C on a diff line)"), side));
    sideLayout->addWidget(m_commentList, 1);
    sideLayout->addWidget(m_summary);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_approve);
    buttons->addWidget(m_reject);
    buttons->addWidget(m_promote);
    sideLayout->addLayout(buttons);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_view);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_sourceBox);
    layout->addWidget(m_header);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_message);

    auto *comment = new QAction(tr("&Comment on this line..."), m_view->pane());
    comment->setShortcut(QKeySequence(Qt::Key_C));
    comment->setShortcutContext(Qt::WidgetShortcut);
    m_view->pane()->addAction(comment);
    m_view->pane()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(comment, &QAction::triggered, this, &ReviewPanel::promptComment);
    connect(m_view->pane(), &QWidget::customContextMenuRequested, this, [this, comment](const QPoint &pos) {
        QMenu menu(this);
        menu.addAction(comment);
        menu.exec(m_view->pane()->mapToGlobal(pos));
    });
    connect(m_view, &DiffUi::DiffView::openInEditor, this, [this](const QString &path, int line) {
        if (const auto opened = EditorLauncher::open(m_shown.repositoryPath, path, line); !opened)
            m_message->setText(opened.error());
    });
    connect(m_sourceBox, &QComboBox::activated, this, &ReviewPanel::showSource);
    connect(m_approve, &QPushButton::clicked, this, [this] { approve(); });
    connect(m_reject, &QPushButton::clicked, this, [this] { reject(m_summary->text()); });
    connect(m_promote, &QPushButton::clicked, this, [this] {
        if (PromotionDialog *d = openPromotion())
            d->open();
    });
    updateButtons();
}

ReviewPanel::ReviewPanel(Store &store, std::unique_ptr<ReviewFlowActions> actions, QWidget *parent)
    : ReviewPanel(store, actions.get(), parent)
{
    m_ownedActions = std::move(actions);
}

void ReviewPanel::rememberViewedInSettings()
{
    m_ownedViewed = std::make_unique<DiffUi::SettingsViewedStore>();
    m_view->setViewedStore(m_ownedViewed.get());
}

void ReviewPanel::follow(const QString &runId, const QString &phaseId)
{
    QString key;
    if (!phaseId.isEmpty()) {
        auto phase = m_store.phase(runId, phaseId);
        key = QStringLiteral("phase/%1/%2/%3").arg(runId, phaseId, phase ? phase->candidateCommit : QString());
    } else if (!runId.isEmpty()) {
        auto run = m_store.run(runId);
        key = QStringLiteral("run/%1/%2").arg(runId, run ? toString(run->state) : QString());
    }
    if (key.isEmpty() || key == m_followed)
        return;
    m_followed = key;
    if (phaseId.isEmpty())
        showRun(runId);
    else
        showPhase(runId, phaseId);
}

ReviewPanel::~ReviewPanel()
{
    // Both may be ours and go before the view does.
    m_view->setHighlighter(nullptr);
    m_view->setViewedStore(nullptr);
    m_stop.request_stop();
    for (QThread *t : std::as_const(m_threads))
        t->wait();
    qDeleteAll(m_threads);
}

void ReviewPanel::setHighlighter(Highlight::SyntaxHighlighter *highlighter) { m_view->setHighlighter(highlighter); }

void ReviewPanel::setViewedStore(DiffUi::ViewedStore *store) { m_view->setViewedStore(store); }

void ReviewPanel::showPhase(const QString &runId, const QString &phaseId)
{
    m_sources.clear();
    m_sourceBox->clear();
    auto run = m_store.run(runId);
    auto phase = run ? m_store.phase(runId, phaseId) : std::unexpected(run.error());
    auto project = run ? m_store.project(run->projectId) : std::unexpected(run.error());
    if (!run || !phase || !project) {
        m_header->setText(!run ? run.error().message : !phase ? phase.error().message : project.error().message);
        updateButtons();
        return;
    }
    if (m_shown.phaseId != phaseId || m_shown.runId != runId)
        m_comments.clear();
    m_sources = ReviewSource::forPhase(*project, *run, *phase);
    if (m_sources.isEmpty())
        m_header->setText(
            tr("Phase %1 (%2) has no candidate commit yet: nothing to review.").arg(phaseId, toString(phase->state)));
    m_sources.append(ReviewSource::forRun(*project, *run));
    for (const ReviewSource &s : std::as_const(m_sources))
        m_sourceBox->addItem(s.label);
    showSource(0);
}

void ReviewPanel::showRun(const QString &runId)
{
    m_sources.clear();
    m_sourceBox->clear();
    auto run = m_store.run(runId);
    auto project = run ? m_store.project(run->projectId) : std::unexpected(run.error());
    if (!run || !project) {
        m_header->setText(!run ? run.error().message : project.error().message);
        updateButtons();
        return;
    }
    m_sources.append(ReviewSource::forRun(*project, *run));
    m_sourceBox->addItem(m_sources.first().label);
    showSource(0);
}

void ReviewPanel::showSource(int index)
{
    if (index < 0 || index >= m_sources.size())
        return;
    m_sourceBox->setCurrentIndex(index);
    request(m_sources.at(index));
}

void ReviewPanel::request(const ReviewSource &source)
{
    // The older request's result is of no use any more: stop it and ignore what it sends.
    m_stop.request_stop();
    m_stop = std::stop_source();
    const quint64 generation = ++m_generation;
    m_shown = source;
    m_header->setText(tr("Computing %1...").arg(source.label));

    QList<Review> rejections;
    if (!source.phaseId.isEmpty()) {
        if (auto reviews = m_store.reviews(source.runId, source.phaseId)) {
            for (const Review &r : *reviews) {
                if (r.decision == QLatin1String("reject") && !r.comments.isEmpty())
                    rejections.append(r);
            }
        }
    }
    const std::stop_token stop = m_stop.get_token();
    QThread *thread = QThread::create([this, source, rejections, stop, generation] {
        auto result = std::make_shared<Result>();
        auto diff = source.compute(stop);
        if (!diff) {
            result->error = diff.error().message;
        } else {
            result->diff = *diff;
            if (auto commits = source.commits(stop); commits && commits->size() > 1)
                result->commits = *commits; // one commit is the "latest commit alone" choice already
            for (const Review &r : rejections) {
                QList<LineComment> older;
                for (const ReviewComment &c : r.comments)
                    older.append(LineComment { c.path, c.line, c.text.section(u'\n', 0, 0), {}, r.candidateCommit });
                if (r.candidateCommit == diff->newRevision) {
                    result->earlier += older;
                    continue;
                }
                Git::DiffOptions options;
                options.stopToken = stop;
                options.wordDiff = false;
                auto moved
                    = Git::ReviewDiff(source.repositoryPath, options).between(r.candidateCommit, diff->newRevision);
                if (moved)
                    result->earlier += LineComments::carriedOver(older, moved->files, diff->newRevision);
            }
        }
        QMetaObject::invokeMethod(
            this, [this, generation, result] { deliver(generation, result); }, Qt::QueuedConnection);
    });
    m_threads.append(thread);
    connect(thread, &QThread::finished, this, [this, thread] {
        m_threads.removeOne(thread);
        if (m_pending == thread)
            m_pending = nullptr;
        thread->deleteLater();
    });
    m_pending = thread;
    updateButtons();
    thread->start();
}

void ReviewPanel::deliver(quint64 generation, std::shared_ptr<Result> result)
{
    if (generation != m_generation)
        return; // a newer request is on its way
    m_pending = nullptr;
    if (!result->error.isEmpty()) {
        m_diff = {};
        m_earlier.clear();
        m_view->setDiff({});
        m_header->setText(tr("%1 cannot be shown: %2").arg(m_shown.label, result->error));
    } else {
        m_diff = std::move(result->diff);
        m_earlier = std::move(result->earlier);
        m_view->setDiff(m_diff.files, m_diff.newRevision);
        for (const ReviewSource &c : std::as_const(result->commits)) {
            if (!m_sources.contains(c)) {
                m_sources.append(c);
                m_sourceBox->addItem(c.label);
            }
        }
        const auto stats = m_diff.stats();
        m_header->setText(
            tr("%1: %2 files, +%3 -%4").arg(m_shown.label).arg(stats.files).arg(stats.additions).arg(stats.deletions));
    }
    updateFindings();
    updateMarkers();
    updateButtons();
    Q_EMIT diffShown();
}

void ReviewPanel::updateFindings()
{
    m_findings->clear();
    if (m_shown.phaseId.isEmpty()) {
        auto issues = m_store.runIssues(m_shown.runId);
        if (issues) {
            for (const Issue &i : *issues)
                m_findings->addItem(tr("%1 %2 (%3): %4 [%5]")
                                        .arg(toString(i.effectiveSeverity), i.issueKey, i.phaseId, i.description,
                                            i.evidenceRefs.join(QStringLiteral(", "))));
        }
        return;
    }
    if (auto reviews = m_store.reviews(m_shown.runId, m_shown.phaseId)) {
        for (const Review &r : *reviews)
            m_findings->addItem(
                tr("%1 by %2 on %3: %4").arg(r.decision, r.reviewer, r.candidateCommit.left(10), r.reason));
    }
    if (auto issues = m_store.phaseIssues(m_shown.runId, m_shown.phaseId)) {
        for (const Issue &i : *issues)
            m_findings->addItem(tr("%1 %2 from %3: %4 [%5]")
                                    .arg(toString(i.effectiveSeverity), i.issueKey, i.source, i.description,
                                        i.evidenceRefs.join(QStringLiteral(", "))));
    }
}

void ReviewPanel::updateMarkers()
{
    QList<DiffUi::LineMarker> markers;
    auto issues = m_shown.phaseId.isEmpty() ? m_store.runIssues(m_shown.runId)
                                            : m_store.phaseIssues(m_shown.runId, m_shown.phaseId);
    if (issues) {
        for (const Issue &i : *issues) {
            for (const QString &ref : i.evidenceRefs) {
                const auto [path, line] = splitRef(ref);
                if (line > 0)
                    markers.append({ path, line, QStringLiteral("%1 %2").arg(toString(i.effectiveSeverity), i.issueKey),
                        severityColor(i.effectiveSeverity) });
            }
        }
    }
    m_commentList->clear();
    for (const LineComment &c : std::as_const(m_earlier)) {
        markers.append({ c.path, c.line, tr("earlier: %1").arg(c.text), QColor(120, 120, 200) });
        m_commentList->addItem(tr("earlier, %1:%2: %3").arg(c.path).arg(c.line).arg(c.text));
    }
    for (const LineComment &c : m_comments.comments()) {
        markers.append({ c.path, c.line, c.text, QColor(40, 120, 220) });
        m_commentList->addItem(tr("%1:%2: %3").arg(c.path).arg(c.line).arg(c.text));
    }
    m_view->pane()->setLineMarkers(markers);
}

void ReviewPanel::updateButtons()
{
    const bool loaded = m_pending == nullptr && !m_diff.newRevision.isEmpty();
    bool waiting = false; // a gated phase waiting for a reviewer's decision
    if (!m_shown.phaseId.isEmpty() && !m_shown.candidateCommit.isEmpty()) {
        const auto phase = m_store.phase(m_shown.runId, m_shown.phaseId);
        waiting = phase && phase->state == PhaseState::Gate && phase->awaitingReviewer;
    }
    m_approve->setEnabled(m_actions && loaded && waiting);
    m_reject->setEnabled(m_actions && loaded && waiting);
    m_promote->setEnabled(m_actions && !m_shown.runId.isEmpty());
}

bool ReviewPanel::addComment(int row, const QString &text)
{
    const DiffUi::DiffPane *pane = m_view->pane();
    const int line = pane->newLineAt(row);
    if (line < 0 || row >= pane->model().rowCount()) {
        m_message->setText(tr("Comments go on lines of the new side; row %1 is none.").arg(row));
        return false;
    }
    const Git::DiffFile &file = pane->model().files().at(pane->model().row(row).file);
    auto added = m_comments.add(file, line, text, m_diff.newRevision);
    if (!added) {
        m_message->setText(added.error());
        return false;
    }
    m_message->clear();
    updateMarkers();
    return true;
}

void ReviewPanel::promptComment()
{
    const int row = m_view->pane()->currentRow();
    if (m_view->pane()->newLineAt(row) < 0) {
        m_message->setText(tr("Comments go on lines of the new side."));
        return;
    }
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(this, tr("Comment"), tr("Comment on this line:"), {}, &ok);
    if (ok)
        addComment(row, text);
}

bool ReviewPanel::approve()
{
    if (!m_actions || m_shown.phaseId.isEmpty())
        return false;
    const ReviewSource shown = m_shown;
    auto r = m_actions->approve(shown.runId, shown.phaseId, shown.candidateCommit);
    if (!r) {
        // Most likely a newer attempt arrived: show it, so the reviewer looks before approving.
        showPhase(shown.runId, shown.phaseId);
        const QString now = m_sources.isEmpty() ? QString() : m_sources.first().candidateCommit;
        if (!now.isEmpty() && now != shown.candidateCommit)
            m_message->setText(
                tr("Not approved: a newer attempt arrived (candidate %1, you saw %2); it is shown now. %3")
                    .arg(now.left(10), shown.candidateCommit.left(10), r.error()));
        else
            m_message->setText(tr("Not approved: %1").arg(r.error()));
        return false;
    }
    m_message->setText(tr("Approved candidate %1 of phase %2.").arg(shown.candidateCommit.left(10), shown.phaseId));
    updateButtons();
    Q_EMIT decided(shown.runId, shown.phaseId, QStringLiteral("approve"));
    return true;
}

bool ReviewPanel::reject(const QString &summary)
{
    if (!m_actions || m_shown.phaseId.isEmpty())
        return false;
    const QString reason = m_comments.rejectionReason(summary);
    if (reason.isEmpty()) {
        m_message->setText(tr("Not rejected: write a summary or comment on a line first."));
        return false;
    }
    auto r = m_actions->reject(m_shown.runId, m_shown.phaseId, reason, m_comments.reviewComments());
    if (!r) {
        m_message->setText(tr("Not rejected: %1").arg(r.error()));
        return false;
    }
    m_message->setText(
        tr("Rejected phase %1 with %2 line comments.").arg(m_shown.phaseId).arg(m_comments.comments().size()));
    m_comments.clear();
    m_summary->clear();
    updateMarkers();
    updateButtons();
    Q_EMIT decided(m_shown.runId, m_shown.phaseId, QStringLiteral("reject"));
    return true;
}

PromotionDialog *ReviewPanel::openPromotion()
{
    if (!m_actions || m_shown.runId.isEmpty())
        return nullptr;
    auto *dialog = new PromotionDialog(m_store, *m_actions, m_shown.runId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_shown.kind == ReviewSource::Kind::RunBranch && m_pending == nullptr && !m_diff.newRevision.isEmpty()) {
        const auto *files = m_view->fileModel();
        int viewed = 0;
        for (int i = 0; i < files->rowCount(); ++i)
            viewed += files->isViewed(i) ? 1 : 0;
        dialog->setViewedFiles(viewed, files->rowCount());
    }
    return dialog;
}

} // namespace Autopack::Ui
