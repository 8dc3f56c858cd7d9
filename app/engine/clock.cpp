#include "clock.h"

namespace Autopack::Engine {

QDateTime Clock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

FakeClock::FakeClock()
    : m_now(QDateTime::currentDateTimeUtc())
{
}

} // namespace Autopack::Engine
