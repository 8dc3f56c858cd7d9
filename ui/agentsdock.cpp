#include "agentsdock.h"

#include "agentpresence.h"
#include "agentprofiledialog.h"
#include "agentsseenmodel.h"
#include "localrunner.h"
#include "store.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QSplitter>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace Autopack::Ui {

namespace {

enum ProfileColumn { ProfileName, ProfileRole, ProfileAdapter, ProfileParallel, ProfileRunner, ProfileColumnCount };

QLabel *heading(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

AgentsDock::AgentsDock(QWidget *parent)
    : QDockWidget(tr("Agents"), parent)
    , m_seen(new AgentsSeenModel(this))
    , m_seenView(new QTreeView(this))
    , m_profilesView(new QTreeWidget(this))
    , m_output(new QPlainTextEdit(this))
    , m_add(new QPushButton(tr("&Add…"), this))
    , m_edit(new QPushButton(tr("&Edit…"), this))
    , m_remove(new QPushButton(tr("Re&move"), this))
    , m_start(new QPushButton(tr("&Start"), this))
    , m_stop(new QPushButton(tr("S&top"), this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("agentsDock"));
    m_seenView->setObjectName(QStringLiteral("agentsSeenView"));
    m_seenView->setModel(m_seen);
    m_seenView->setRootIsDecorated(false);
    m_seenView->setUniformRowHeights(true);
    m_seenView->setAlternatingRowColors(true);
    m_seenView->setSelectionBehavior(QAbstractItemView::SelectRows);
    const QFontMetrics metrics(font());
    const int pad = 2 * metrics.horizontalAdvance(QLatin1Char('M'));
    m_seenView->header()->resizeSection(
        AgentsSeenModel::NameColumn, metrics.horizontalAdvance(QStringLiteral("window-claude-builder")) + pad);
    m_seenView->header()->resizeSection(
        AgentsSeenModel::RoleColumn, metrics.horizontalAdvance(QStringLiteral("auditor")) + pad);
    for (int column : { int(AgentsSeenModel::LastSeenColumn), int(AgentsSeenModel::SinceColumn) })
        m_seenView->header()->resizeSection(column, metrics.horizontalAdvance(QStringLiteral("00:00:00")) + pad);
    m_seenView->header()->resizeSection(
        AgentsSeenModel::WorkColumn, metrics.horizontalAdvance(QStringLiteral("run-2026-01 / P1.1")) + pad);
    // What an agent works on can be several phases: that column takes the room left.
    m_seenView->header()->setStretchLastSection(false);
    m_seenView->header()->setSectionResizeMode(AgentsSeenModel::WorkColumn, QHeaderView::Stretch);

    m_profilesView->setObjectName(QStringLiteral("agentProfilesView"));
    m_profilesView->setColumnCount(ProfileColumnCount);
    m_profilesView->setHeaderLabels({ tr("Profile"), tr("Role"), tr("Adapter"), tr("Parallel"), tr("Runner") });
    m_profilesView->setRootIsDecorated(false);
    m_profilesView->setUniformRowHeights(true);
    m_profilesView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_profilesView->header()->resizeSection(
        ProfileName, metrics.horizontalAdvance(QStringLiteral("claude-builder")) + pad);
    m_profilesView->header()->resizeSection(ProfileRole, metrics.horizontalAdvance(QStringLiteral("auditor")) + pad);
    m_profilesView->header()->resizeSection(
        ProfileAdapter, metrics.horizontalAdvance(QStringLiteral("opencode")) + pad);
    m_profilesView->header()->resizeSection(ProfileParallel, metrics.horizontalAdvance(tr("Parallel")) + pad);
    m_output->setObjectName(QStringLiteral("runnerOutput"));
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setMaximumBlockCount(LocalRunner::kKeptLines);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(tr("The selected profile's runner prints one line per event here."));
    m_add->setObjectName(QStringLiteral("addProfileButton"));
    m_edit->setObjectName(QStringLiteral("editProfileButton"));
    m_remove->setObjectName(QStringLiteral("removeProfileButton"));
    m_start->setObjectName(QStringLiteral("startRunnerButton"));
    m_stop->setObjectName(QStringLiteral("stopRunnerButton"));
    m_status->setObjectName(QStringLiteral("agentsStatus"));
    m_status->setWordWrap(true);
    m_status->hide();

    auto *seenPage = new QWidget(this);
    auto *seenLayout = new QVBoxLayout(seenPage);
    seenLayout->setContentsMargins(2, 2, 2, 2);
    seenLayout->addWidget(heading(tr("Agents seen in the last minute"), seenPage));
    seenLayout->addWidget(m_seenView, 1);

    auto *runnersPage = new QWidget(this);
    auto *runnersLayout = new QVBoxLayout(runnersPage);
    runnersLayout->setContentsMargins(2, 2, 2, 2);
    runnersLayout->addWidget(heading(tr("Local runners"), runnersPage));
    runnersLayout->addWidget(m_profilesView, 1);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : { m_add, m_edit, m_remove })
        buttons->addWidget(b);
    buttons->addStretch(1);
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    runnersLayout->addLayout(buttons);
    runnersLayout->addWidget(m_status);
    runnersLayout->addWidget(m_output, 2);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("agentsSplitter"));
    splitter->addWidget(seenPage);
    splitter->addWidget(runnersPage);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    setWidget(splitter);

    m_seenRefresh.setSingleShot(true);
    m_seenRefresh.setInterval(200);
    connect(&m_seenRefresh, &QTimer::timeout, this, &AgentsDock::refreshSeen);
    m_tick.setInterval(5000);
    connect(&m_tick, &QTimer::timeout, this, &AgentsDock::refreshSeen);
    m_tick.start();

    connect(m_profilesView, &QTreeWidget::currentItemChanged, this, [this] {
        showOutput();
        updateButtons();
    });
    connect(m_add, &QPushButton::clicked, this, &AgentsDock::addClicked);
    connect(m_edit, &QPushButton::clicked, this, &AgentsDock::editClicked);
    connect(m_profilesView, &QTreeWidget::itemDoubleClicked, this, &AgentsDock::editClicked);
    connect(m_remove, &QPushButton::clicked, this, [this] { removeProfile(selectedProfile()); });
    connect(m_start, &QPushButton::clicked, this, [this] {
        const QString name = selectedProfile();
        if (const auto started = startProfile(name); !started)
            setStatus(tr("Cannot start %1: %2").arg(name, started.error()));
    });
    connect(m_stop, &QPushButton::clicked, this, [this] { stopProfile(selectedProfile()); });

    QSettings settings;
    m_profiles = AgentProfile::load(settings);
    rebuildProfiles();
}

AgentsDock::~AgentsDock()
{
    stopAllRunners();
    m_seenView->setModel(nullptr);
}

QString AgentsDock::program() const
{
    return m_program.isEmpty() ? QCoreApplication::applicationFilePath() : m_program;
}

void AgentsDock::setStore(Store *store)
{
    if (m_store)
        disconnect(m_store->notifier(), nullptr, this, nullptr);
    m_store = store;
    m_leases.clear();
    if (store) {
        // Notifier first, then the read: a lease changed in between comes again after.
        connect(store->notifier(), &StoreNotifier::leaseChanged, this, &AgentsDock::leaseChanged);
        if (const auto active = store->activeLeases()) {
            for (const Lease &lease : *active)
                m_leases.insert(lease.id, lease);
        } else {
            setStatus(active.error().message);
        }
    }
    refreshSeen();
    updateButtons();
}

void AgentsDock::setAgentPresence(Host::AgentPresence *presence)
{
    if (m_presence)
        disconnect(m_presence, nullptr, this, nullptr);
    m_presence = presence;
    if (presence)
        connect(presence, &Host::AgentPresence::agentsChanged, &m_seenRefresh, qOverload<>(&QTimer::start));
    refreshSeen();
}

void AgentsDock::setListenAddress(const QString &address)
{
    if (address == m_listenAddress)
        return;
    m_listenAddress = address;
    updateButtons();
}

QString AgentsDock::engineUrl() const
{
    if (m_listenAddress.isEmpty())
        return {};
    // A listener on every interface is reached on loopback from here.
    QString address = m_listenAddress;
    static const QRegularExpression anyV4(QStringLiteral("^0\\.0\\.0\\.0:"));
    static const QRegularExpression anyV6(QStringLiteral("^\\[::\\]:"));
    address.replace(anyV4, QStringLiteral("127.0.0.1:"));
    address.replace(anyV6, QStringLiteral("[::1]:"));
    return QStringLiteral("http://") + address;
}

void AgentsDock::leaseChanged(const Lease &lease)
{
    if (lease.isActive(QDateTime::currentDateTimeUtc()))
        m_leases.insert(lease.id, lease);
    else
        m_leases.remove(lease.id);
    m_seenRefresh.start();
}

void AgentsDock::refreshSeen()
{
    m_seenRefresh.stop();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<Lease> active;
    for (auto it = m_leases.begin(); it != m_leases.end();) {
        if (it->isActive(now)) {
            active << *it;
            ++it;
        } else {
            it = m_leases.erase(it);
        }
    }
    m_seen->setAgents(AgentsSeenModel::combine(
        m_presence ? m_presence->seenAgents() : QList<Host::AgentPresence::SeenAgent>(), active));
}

void AgentsDock::setStatus(const QString &text)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void AgentsDock::save()
{
    QSettings settings;
    AgentProfile::save(settings, m_profiles);
}

void AgentsDock::addProfile(const AgentProfile &profile)
{
    m_profiles << profile;
    save();
    rebuildProfiles();
    selectProfile(profile.name);
}

void AgentsDock::replaceProfile(const QString &name, const AgentProfile &profile)
{
    for (AgentProfile &p : m_profiles) {
        if (p.name == name) {
            p = profile;
            break;
        }
    }
    if (name != profile.name && m_runners.contains(name)) {
        m_runners.insert(profile.name, m_runners.take(name));
        if (m_tokens.contains(name))
            m_tokens.insert(profile.name, m_tokens.take(name));
    }
    save();
    rebuildProfiles();
    selectProfile(profile.name);
}

void AgentsDock::removeProfile(const QString &name)
{
    if (LocalRunner *r = runner(name); r && r->isActive())
        return; // the button says so; a running profile stays until stopped
    m_profiles.removeIf([&](const AgentProfile &p) { return p.name == name; });
    delete m_runners.take(name);
    save();
    rebuildProfiles();
}

bool AgentsDock::selectProfile(const QString &name)
{
    for (int i = 0; i < m_profilesView->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_profilesView->topLevelItem(i);
        if (item->text(ProfileName) == name) {
            m_profilesView->setCurrentItem(item);
            return true;
        }
    }
    return false;
}

QString AgentsDock::selectedProfile() const
{
    const QTreeWidgetItem *item = m_profilesView->currentItem();
    return item ? item->text(ProfileName) : QString();
}

void AgentsDock::rebuildProfiles()
{
    const QString selected = selectedProfile();
    m_profilesView->clear();
    for (const AgentProfile &p : std::as_const(m_profiles)) {
        auto *item = new QTreeWidgetItem(m_profilesView);
        item->setText(ProfileName, p.name);
        item->setText(ProfileRole, p.role);
        item->setText(ProfileAdapter, p.adapter);
        item->setText(ProfileParallel, QString::number(p.parallel));
        item->setToolTip(ProfileAdapter,
            p.command.isEmpty() ? tr("The adapter's default command") : tr("--command %1").arg(p.command));
        updateRow(p.name);
    }
    if (!selectProfile(selected) && m_profilesView->topLevelItemCount() > 0)
        m_profilesView->setCurrentItem(m_profilesView->topLevelItem(0));
    showOutput();
    updateButtons();
}

void AgentsDock::updateRow(const QString &name)
{
    QTreeWidgetItem *item = nullptr;
    for (int i = 0; i < m_profilesView->topLevelItemCount() && !item; ++i)
        if (m_profilesView->topLevelItem(i)->text(ProfileName) == name)
            item = m_profilesView->topLevelItem(i);
    if (!item)
        return;
    const LocalRunner *r = runner(name);
    QString text = tr("not started");
    if (r) {
        switch (r->state()) {
        case LocalRunner::State::NotStarted:
            break;
        case LocalRunner::State::Running:
            text = tr("running · pid %1").arg(r->pid());
            break;
        case LocalRunner::State::Stopping:
            text = tr("stopping · pid %1").arg(r->pid());
            break;
        case LocalRunner::State::Exited:
            text = tr("ended: %1").arg(r->endText());
            break;
        }
    }
    item->setText(ProfileRunner, text);
    QFont font = item->font(ProfileRunner);
    font.setBold(r && r->isActive());
    item->setFont(ProfileRunner, font);
}

void AgentsDock::updateButtons()
{
    const QString name = selectedProfile();
    const LocalRunner *r = runner(name);
    const bool active = r && r->isActive();
    QString whyNotStart;
    if (name.isEmpty())
        whyNotStart = tr("add or select a profile first");
    else if (active)
        whyNotStart = tr("its runner is running");
    else if (!m_store)
        whyNotStart = tr("no store to make its token in");
    else if (engineUrl().isEmpty())
        whyNotStart = tr("the window's engine has no API listener");
    m_start->setEnabled(whyNotStart.isEmpty());
    m_start->setToolTip(whyNotStart.isEmpty() ? tr("Start `autopack agent` for %1 against %2").arg(name, engineUrl())
                                              : tr("Start — not available: %1").arg(whyNotStart));
    m_stop->setEnabled(active && r->state() == LocalRunner::State::Running);
    m_stop->setToolTip(m_stop->isEnabled()
            ? tr("Send SIGTERM (the runner gives its leases back); kill after %1 s")
                  .arg(std::chrono::duration_cast<std::chrono::seconds>(r->stopTimeout()).count())
            : tr("Stop — not available: no runner of this profile is running"));
    m_edit->setEnabled(!name.isEmpty() && !active);
    m_edit->setToolTip(active ? tr("Edit — not available: stop its runner first") : QString());
    m_remove->setEnabled(!name.isEmpty() && !active);
    m_remove->setToolTip(active ? tr("Remove — not available: stop its runner first") : QString());
}

void AgentsDock::showOutput()
{
    const LocalRunner *r = runner(selectedProfile());
    m_output->setPlainText(r ? r->lines().join(QLatin1Char('\n')) : QString());
    m_output->moveCursor(QTextCursor::End);
}

void AgentsDock::addClicked()
{
    QStringList taken;
    for (const AgentProfile &p : std::as_const(m_profiles))
        taken << p.name;
    AgentProfileDialog dialog(AgentProfile {}, taken, this);
    if (dialog.exec() == QDialog::Accepted)
        addProfile(dialog.profile());
}

void AgentsDock::editClicked()
{
    const QString name = selectedProfile();
    if (name.isEmpty() || !m_edit->isEnabled())
        return;
    QStringList taken;
    AgentProfile current;
    for (const AgentProfile &p : std::as_const(m_profiles)) {
        if (p.name == name)
            current = p;
        else
            taken << p.name;
    }
    AgentProfileDialog dialog(current, taken, this);
    if (dialog.exec() == QDialog::Accepted)
        replaceProfile(name, dialog.profile());
}

std::expected<QString, QString> AgentsDock::issueToken(const AgentProfile &profile, QString &tokenName)
{
    const auto tokens = m_store->tokens();
    if (!tokens)
        return std::unexpected(tokens.error().message);
    const QString base = QStringLiteral("window-") + profile.name;
    const QRegularExpression ours(QStringLiteral("^%1(-\\d+)?$").arg(QRegularExpression::escape(base)));
    QSet<QString> used;
    for (const AgentToken &token : *tokens) {
        used.insert(token.name);
        // An earlier window's token of this profile: nobody holds its plain text any more.
        if (!token.isRevoked() && ours.match(token.name).hasMatch())
            m_store->revokeToken(token.name);
    }
    for (int n = 1; n < 10000; ++n) {
        const QString name = n == 1 ? base : QStringLiteral("%1-%2").arg(base).arg(n);
        if (used.contains(name))
            continue;
        auto created = m_store->createToken(name, profile.role);
        if (!created) {
            if (created.error().kind == StoreError::Kind::Duplicate)
                continue;
            return std::unexpected(created.error().message);
        }
        tokenName = name;
        return created->plainToken;
    }
    return std::unexpected(tr("no free token name for %1").arg(base));
}

std::expected<void, QString> AgentsDock::startProfile(const QString &name)
{
    const auto profile
        = std::find_if(m_profiles.cbegin(), m_profiles.cend(), [&](const AgentProfile &p) { return p.name == name; });
    if (profile == m_profiles.cend())
        return std::unexpected(tr("no profile named %1").arg(name));
    LocalRunner *r = runner(name);
    if (r && r->isActive())
        return std::unexpected(tr("its runner is running (pid %1)").arg(r->pid()));
    if (!m_store)
        return std::unexpected(tr("no store to make its token in"));
    const QString url = engineUrl();
    if (url.isEmpty())
        return std::unexpected(tr("the window's engine has no API listener"));
    QString tokenName;
    const auto token = issueToken(*profile, tokenName);
    if (!token)
        return std::unexpected(token.error());
    if (!r) {
        r = new LocalRunner(this);
        m_runners.insert(name, r);
        connect(r, &LocalRunner::stateChanged, this, [this, r](LocalRunner::State state) {
            const QString profileName = m_runners.key(r);
            updateRow(profileName);
            updateButtons();
            if (state == LocalRunner::State::Exited)
                runnerEnded(profileName);
        });
        connect(r, &LocalRunner::lineAdded, this, [this, r](const QString &line) {
            if (m_runners.value(selectedProfile()) == r)
                m_output->appendPlainText(line);
        });
    }
    m_tokens.insert(name, tokenName);
    if (selectedProfile() == name)
        m_output->clear();
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("AUTOPACK_TOKEN"), *token);
    r->start(program(), profile->arguments(url), environment);
    setStatus(r->isActive() ? tr("Started %1 with token %2.").arg(name, tokenName) : r->endText());
    return {};
}

void AgentsDock::runnerEnded(const QString &profileName)
{
    // The token was made for this process alone.
    const QString tokenName = m_tokens.take(profileName);
    if (!tokenName.isEmpty() && m_store)
        m_store->revokeToken(tokenName);
}

void AgentsDock::stopProfile(const QString &name)
{
    if (LocalRunner *r = runner(name))
        r->stop();
}

void AgentsDock::stopAllRunners()
{
    std::chrono::milliseconds longest { 0 };
    for (LocalRunner *r : std::as_const(m_runners)) {
        if (r->isActive()) {
            r->stop();
            longest = std::max(longest, r->stopTimeout());
        }
    }
    const QDeadlineTimer deadline(longest);
    for (LocalRunner *r : std::as_const(m_runners))
        r->stopAndWait(int(deadline.remainingTime()));
}

} // namespace Autopack::Ui
