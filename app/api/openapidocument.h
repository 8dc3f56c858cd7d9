#pragma once

// The OpenAPI 3 document of the routes actually registered, so /openapi.json cannot
// drift from the server: paths, methods, path parameters, who may call each route
// (bearer security plus "x-autopack-roles"), the body and answer schemas the route
// declares, and the SPEC §8 error answers every route can give.

#include "router.h"

#include <QJsonObject>

namespace Autopack::Api {

QJsonObject openApiDocument(const Router &router, const QString &version);

} // namespace Autopack::Api
