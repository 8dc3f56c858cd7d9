#include "runtreefilterproxy.h"

#include "runtreemodel.h"

#include <QDateTime>

namespace Autopack::Ui {

RunTreeFilterProxy::RunTreeFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true); // parents of matches stay
    setDynamicSortFilter(true);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void RunTreeFilterProxy::setCategoryLookup(CategoryLookup lookup) { m_category = std::move(lookup); }

void RunTreeFilterProxy::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

bool RunTreeFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, RunTreeModel::NameColumn, sourceParent);
    const auto has = [this](const QVariant &value) { return value.toString().contains(m_text, Qt::CaseInsensitive); };
    if (has(index.data(Qt::DisplayRole)) || has(index.data(RunTreeModel::StateNameRole)))
        return true;
    const auto kind = RunTreeModel::NodeKind(index.data(RunTreeModel::NodeKindRole).toInt());
    switch (kind) {
    case RunTreeModel::NodeKind::Project:
        return false;
    case RunTreeModel::NodeKind::Run:
        return has(index.data(RunTreeModel::RunIdRole));
    case RunTreeModel::NodeKind::Tier:
        return has(index.data(RunTreeModel::TierIdRole));
    case RunTreeModel::NodeKind::Phase:
        if (has(index.data(RunTreeModel::PhaseIdRole)))
            return true;
        return m_category
            && m_category(index.data(RunTreeModel::RowIdRole).toLongLong()).contains(m_text, Qt::CaseInsensitive);
    }
    return false;
}

bool RunTreeFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const auto value = [](const QModelIndex &index) -> QVariant {
        switch (RunTreeModel::Column(index.column())) {
        case RunTreeModel::NameColumn:
            return index.data(Qt::DisplayRole);
        case RunTreeModel::StateColumn:
            return index.data(RunTreeModel::StateNameRole);
        case RunTreeModel::ProgressColumn:
            return index.data(RunTreeModel::ProgressRole);
        case RunTreeModel::TokensColumn:
            return index.data(RunTreeModel::TokensUsedRole);
        case RunTreeModel::MinorIssuesColumn:
            return index.data(RunTreeModel::MinorIssuesRole);
        case RunTreeModel::MajorIssuesColumn:
            return index.data(RunTreeModel::MajorIssuesRole);
        case RunTreeModel::UpdatedColumn:
            return index.data(RunTreeModel::UpdatedAtRole);
        case RunTreeModel::ColumnCount:
            break;
        }
        return {};
    };
    const QVariant a = value(left);
    const QVariant b = value(right);
    const int order = QVariant::compare(a, b) == QPartialOrdering::Less ? -1
        : QVariant::compare(a, b) == QPartialOrdering::Greater          ? 1
                                                                        : 0;
    if (order != 0)
        return order < 0;
    return left.row() < right.row(); // stable: equal keys keep the model's order
}

} // namespace Autopack::Ui
