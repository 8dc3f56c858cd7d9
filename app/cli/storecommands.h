#pragma once

// The command-line verbs that read or write the store: token create/list/revoke and
// project add/list (SPEC §11). Each writes its normal output to `out`, a one-line error
// naming what was wrong to `err`, and returns the process exit code (0 or 1; usage
// errors, 2, are caught earlier by parseCommandLine).

#include "commandline.h"

#include <QTextStream>

namespace Autopack {
class Store;
}

namespace Autopack::Cli {

int runStoreCommand(Store &store, const Options &options, QTextStream &out, QTextStream &err);

} // namespace Autopack::Cli
