#include "transcriptmodel.h"

#include "storenotifier.h"

#include <QLocale>

namespace Autopack {

namespace {

constexpr int kLineLimit = 200; // characters of the one line an event row shows

// Internal ids: 0 for an attempt row; g + 1 for an event row under attempt g; for the
// detail row under event e of attempt g, (g + 1) << 32 | (e + 1). Event ids stay below
// 2^32, detail ids above.
constexpr quint64 kLow = 0xffffffffULL;

quintptr eventId(int attempt) { return quintptr(attempt) + 1; }
quintptr detailId(int attempt, int event) { return (quintptr(attempt) + 1) << 32 | (quintptr(event) + 1); }

QString firstLine(const QString &text)
{
    const QString trimmed = text.trimmed();
    QString line = trimmed.section(QLatin1Char('\n'), 0, 0).simplified(); // tabs of tool output too
    if (line.size() > kLineLimit)
        line = line.left(kLineLimit - 1) + QChar(0x2026);
    else if (line.size() < trimmed.size())
        line += QStringLiteral(" …");
    return line;
}

QString kindName(const QString &kind)
{
    if (kind == QLatin1String("message"))
        return TranscriptModel::tr("message");
    if (kind == QLatin1String("thinking"))
        return TranscriptModel::tr("thinking");
    if (kind == QLatin1String("tool_call"))
        return TranscriptModel::tr("tool call");
    if (kind == QLatin1String("tool_result"))
        return TranscriptModel::tr("tool result");
    if (kind == QLatin1String("file_change"))
        return TranscriptModel::tr("file change");
    if (kind == QLatin1String("usage"))
        return TranscriptModel::tr("usage");
    if (kind == QLatin1String("error"))
        return TranscriptModel::tr("error");
    if (kind == QLatin1String("rate_limit"))
        return TranscriptModel::tr("rate limit");
    if (kind == QLatin1String("notice"))
        return TranscriptModel::tr("notice");
    return kind;
}

} // namespace

TranscriptModel::TranscriptModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

void TranscriptModel::setNotifier(StoreNotifier *notifier)
{
    if (m_notifier)
        disconnect(m_notifier, nullptr, this, nullptr);
    m_notifier = notifier;
    if (notifier)
        connect(notifier, &StoreNotifier::transcriptAppended, this, &TranscriptModel::appendEvents);
}

void TranscriptModel::setPhase(const QString &runId, const QString &phaseId, const QList<TranscriptEvent> &events)
{
    beginResetModel();
    m_runId = runId;
    m_phaseId = phaseId;
    m_attempts.clear();
    m_attemptRows.clear();
    m_lastId = 0;
    m_eventCount = 0;
    for (const TranscriptEvent &event : events) {
        if (event.runId != runId || event.phaseId != phaseId || event.id <= m_lastId)
            continue;
        addTo(m_attempts, event);
    }
    endResetModel();
}

void TranscriptModel::clear() { setPhase({}, {}, {}); }

QString TranscriptModel::attemptKey(const TranscriptEvent &event)
{
    return event.role + QLatin1Char('/') + QString::number(event.attempt);
}

void TranscriptModel::addTo(QList<Attempt> &attempts, const TranscriptEvent &event)
{
    const QString key = attemptKey(event);
    auto row = m_attemptRows.constFind(key);
    if (row == m_attemptRows.cend()) {
        row = m_attemptRows.insert(key, int(attempts.size()));
        attempts.append(Attempt { event.role, event.attempt, event.agent, {} });
    }
    attempts[*row].events.append(event);
    m_lastId = event.id;
    ++m_eventCount;
}

void TranscriptModel::appendEvents(const QList<TranscriptEvent> &events)
{
    if (m_phaseId.isEmpty())
        return;
    // Consecutive events of one attempt go in as one insertion.
    qsizetype i = 0;
    while (i < events.size()) {
        const TranscriptEvent &first = events.at(i);
        if (first.runId != m_runId || first.phaseId != m_phaseId || first.id <= m_lastId) {
            ++i;
            continue;
        }
        const QString key = attemptKey(first);
        QList<TranscriptEvent> run { first };
        qint64 last = first.id;
        qsizetype j = i + 1;
        for (; j < events.size(); ++j) {
            const TranscriptEvent &e = events.at(j);
            if (e.runId != m_runId || e.phaseId != m_phaseId || e.id <= last)
                continue;
            if (attemptKey(e) != key)
                break;
            run << e;
            last = e.id;
        }
        i = j;
        const auto known = m_attemptRows.constFind(key);
        if (known == m_attemptRows.cend()) {
            const int row = int(m_attempts.size());
            beginInsertRows({}, row, row);
            for (const TranscriptEvent &e : std::as_const(run))
                addTo(m_attempts, e);
            endInsertRows();
            continue;
        }
        const int row = *known;
        const QModelIndex parent = index(row, 0);
        const int firstRow = int(m_attempts.at(row).events.size());
        beginInsertRows(parent, firstRow, firstRow + int(run.size()) - 1);
        for (const TranscriptEvent &e : std::as_const(run))
            addTo(m_attempts, e);
        endInsertRows();
        Q_EMIT dataChanged(parent, parent); // its event count
    }
}

QString TranscriptModel::summary(const TranscriptEvent &event)
{
    const QString line = firstLine(event.text);
    if (event.kind == QLatin1String("tool_call")) {
        const QString what = event.path.isEmpty() ? line : event.path;
        return event.tool.isEmpty() ? tr("tool: %1").arg(what) : tr("tool: %1 %2").arg(event.tool, what).trimmed();
    }
    if (event.kind == QLatin1String("tool_result"))
        return event.tool.isEmpty() ? tr("result: %1").arg(line) : tr("result of %1: %2").arg(event.tool, line);
    if (event.kind == QLatin1String("file_change"))
        return line.isEmpty() || line == event.path ? tr("file: %1").arg(event.path)
                                                    : tr("file: %1 — %2").arg(event.path, line);
    return line;
}

bool TranscriptModel::folds(const TranscriptEvent &event)
{
    const QString text = event.text.trimmed();
    if (text.isEmpty())
        return false;
    if (event.kind == QLatin1String("tool_call") || event.kind == QLatin1String("tool_result")
        || event.kind == QLatin1String("file_change"))
        return true;
    return text.contains(QLatin1Char('\n')) || text.size() > kLineLimit;
}

const TranscriptEvent *TranscriptModel::eventFor(const QModelIndex &index) const
{
    const quint64 id = index.internalId();
    if (id == 0)
        return nullptr;
    if (id <= kLow)
        return &m_attempts.at(int(id - 1)).events.at(index.row());
    return &m_attempts.at(int((id >> 32) - 1)).events.at(int((id & kLow) - 1));
}

QModelIndex TranscriptModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    const quint64 id = parent.internalId();
    if (id == 0)
        return createIndex(row, column, eventId(parent.row()));
    return createIndex(row, column, detailId(int(id - 1), parent.row()));
}

QModelIndex TranscriptModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const quint64 id = child.internalId();
    if (id == 0)
        return {};
    if (id <= kLow)
        return createIndex(int(id - 1), 0, quintptr(0));
    return createIndex(int((id & kLow) - 1), 0, eventId(int((id >> 32) - 1)));
}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_attempts.size());
    if (parent.column() != 0)
        return 0;
    const quint64 id = parent.internalId();
    if (id == 0)
        return int(m_attempts.at(parent.row()).events.size());
    if (id <= kLow)
        return folds(*eventFor(parent)) ? 1 : 0;
    return 0;
}

int TranscriptModel::columnCount(const QModelIndex &) const { return ColumnCount; }

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const quint64 id = index.internalId();
    const RowType type = id == 0 ? RowType::Attempt : id <= kLow ? RowType::Event : RowType::Detail;
    if (type == RowType::Attempt) {
        const Attempt &a = m_attempts.at(index.row());
        switch (role) {
        case Qt::DisplayRole: {
            if (index.column() != TimeColumn)
                return {};
            const QString who = a.role == QLatin1String("auditor") ? tr("Auditor") : tr("Builder");
            const QString events = tr("%n event(s)", nullptr, int(a.events.size()));
            return a.agent.isEmpty() ? tr("%1 · attempt %2 · %3").arg(who).arg(a.attempt).arg(events)
                                     : tr("%1 · attempt %2 · %3 · %4").arg(who).arg(a.attempt).arg(a.agent, events);
        }
        case RowTypeRole:
            return int(type);
        case AgentRoleRole:
            return a.role;
        case AttemptRole:
            return a.attempt;
        default:
            return {};
        }
    }
    const TranscriptEvent &e = *eventFor(index);
    switch (role) {
    case Qt::DisplayRole:
        if (type == RowType::Detail)
            return index.column() == TimeColumn ? QVariant(e.text.trimmed()) : QVariant();
        switch (index.column()) {
        case TimeColumn:
            return QLocale().toString(e.time.toLocalTime().time(), QStringLiteral("HH:mm:ss"));
        case KindColumn:
            return kindName(e.kind);
        case TextColumn:
            return summary(e);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (type == RowType::Event && index.column() == TimeColumn)
            return QLocale().toString(e.time.toLocalTime(), QLocale::LongFormat);
        if (type == RowType::Event && index.column() == TextColumn && !folds(e) && summary(e) != e.text.trimmed())
            return e.text.trimmed();
        return {};
    case RowTypeRole:
        return int(type);
    case EventIdRole:
        return e.id;
    case KindRole:
        return e.kind;
    case AgentRoleRole:
        return e.role;
    case AttemptRole:
        return e.attempt;
    case FullTextRole:
        return e.text;
    case ToolRole:
        return e.tool;
    case PathRole:
        return e.path;
    case TimeRole:
        return e.time;
    default:
        return {};
    }
}

QVariant TranscriptModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case KindColumn:
        return tr("Kind");
    case TextColumn:
        return tr("Text");
    default:
        return {};
    }
}

QHash<int, QByteArray> TranscriptModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(RowTypeRole, "rowType");
    names.insert(EventIdRole, "eventId");
    names.insert(KindRole, "kind");
    names.insert(AgentRoleRole, "agentRole");
    names.insert(AttemptRole, "attempt");
    names.insert(FullTextRole, "fullText");
    names.insert(ToolRole, "tool");
    names.insert(PathRole, "path");
    names.insert(TimeRole, "time");
    return names;
}

} // namespace Autopack
