#pragma once

// Change notifications of the store, emitted after each committed write.
//
// Contract: the Store emits these only after its transaction has committed, once per
// changed row, carrying the row as it is now stored. They may be emitted from any
// thread that writes; receivers in another thread get them queued (AutoConnection),
// which is how the GUI's item models follow a store written by the engine's thread.

#include "domain.h"

#include <QList>
#include <QObject>

namespace Autopack {

// Everything the item models need at start: all rows, in id order.
struct StoreSnapshot {
    QList<Project> projects;
    QList<Run> runs;
    QList<Tier> tiers;
    QList<Phase> phases;
};

class StoreNotifier : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

Q_SIGNALS:
    void projectChanged(const Autopack::Project &project); // inserted or updated
    void runInserted(
        const Autopack::Run &run, const QList<Autopack::Tier> &tiers, const QList<Autopack::Phase> &phases);
    void runChanged(const Autopack::Run &run);
    void tierChanged(const Autopack::Tier &tier);
    void phaseChanged(const Autopack::Phase &phase);
    void eventAppended(const Autopack::Event &event);
    void issueRecorded(const Autopack::Issue &issue); // phase issue inserted or its count raised
    void reviewAdded(const Autopack::Review &review);
    void ciAttemptChanged(const Autopack::CiAttempt &attempt); // started or finished (not per output chunk)
    void ciOutputAppended(qint64 attemptId, const QString &chunk); // live output of a running attempt
    void tokensChanged(); // a token was created or revoked
    void leaseChanged(const Autopack::Lease &lease); // acquired, renewed, released or expired
    // Agent transcript events stored (SPEC §12), in id order, each batch once.
    void transcriptAppended(const QList<Autopack::TranscriptEvent> &events);
};

} // namespace Autopack
