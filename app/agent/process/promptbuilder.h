#pragma once

// The agent's prompt (SPEC §12) from the claim answer: phase spec, scope, budget left,
// and for a retry every earlier rejection with its line comments (each quoting its lines
// with three lines of context) and the last red CI output. Templates use {{placeholder}}s
// (listed in docs/prompt-template.md); a project may supply its own template in its
// repository (.autopack/prompt-builder.md, .autopack/prompt-auditor.md).

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <expected>
#include <functional>

namespace Autopack::Agent {

class PromptBuilder
{
public:
    // The file contents at (commit, path), for quoting line comments; nullopt when unknown.
    using FileReader = std::function<std::optional<QByteArray>(const QString &commit, const QString &path)>;

    static QString defaultTemplate(const QString &role); // builder | auditor
    static QStringList placeholders(); // every name a template may use
    // A template naming an unknown placeholder is refused, naming it and its line.
    // {{#name}}...{{/name}} is shown only when name's value is not blank, {{^name}}...{{/name}}
    // only when it is; a block tag alone on its line takes the line with it.
    static std::expected<QString, QString> render(const QString &templateText, const QJsonObject &work,
        const FileReader &files, const QString &candidateDiff = {});
    // Repository paths of the project's own templates.
    static QString projectTemplatePath(const QString &role);
};

} // namespace Autopack::Agent
