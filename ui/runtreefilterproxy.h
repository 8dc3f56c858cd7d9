#pragma once

// Filter and sort over RunTreeModel. A row is shown when the filter text occurs
// (case-insensitive) in its name, run/tier/phase id, state name or task category,
// or when one of its descendants matches; ancestors of a match stay so the match
// keeps its place in the tree. Sorting compares the columns' numbers (progress
// ratio, tokens used, issue counts, time), not their display text; sort column -1
// is the model's own order.

#include <QSortFilterProxyModel>

#include <functional>

namespace Autopack::Ui {

class RunTreeFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    // Category of a phase by its row id (RunTreeModel has none); empty when unknown.
    using CategoryLookup = std::function<QString(qint64 phaseRowId)>;

    explicit RunTreeFilterProxy(QObject *parent = nullptr);

    void setCategoryLookup(CategoryLookup lookup);
    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_text;
    CategoryLookup m_category;
};

} // namespace Autopack::Ui
