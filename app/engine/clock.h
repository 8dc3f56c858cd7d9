#pragma once

// The supervisor's notion of "now": run durations and lease expiry are measured with
// it, so tests can move time forward without sleeping. The store stamps its own rows
// with the system time; a FakeClock therefore starts at the system time and only moves
// forward from there, so the two never disagree about the order of things.

#include <QDateTime>

namespace Autopack::Engine {

class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const; // UTC
};

class FakeClock : public Clock
{
public:
    FakeClock();
    QDateTime now() const override { return m_now; }
    void advance(qint64 ms) { m_now = m_now.addMSecs(ms); }
    void advanceMinutes(int minutes) { m_now = m_now.addSecs(qint64(minutes) * 60); }

private:
    QDateTime m_now;
};

} // namespace Autopack::Engine
