#pragma once

// Opens a file of the user's working tree at a line in the user's editor, for "open in
// editor" in the diff viewer.
//
// The command comes from, in order: the AUTOPACK_EDITOR environment variable, the
// setting "review/editorCommand", or none (then the desktop's default application opens
// the file, without the line). A command is a template split like a shell would split
// it (QProcess::splitCommand), where {file} and {line} are replaced, e.g.
// `code --goto {file}:{line}` or `kate --line {line} {file}`; a template without
// {file} gets the file appended. It is started detached: the editor outlives nothing.

#include <QString>
#include <QStringList>

#include <expected>

namespace Autopack::Ui {

class EditorLauncher
{
public:
    // argv for `commandTemplate`; empty when the template is empty or unusable.
    static QStringList commandFor(const QString &commandTemplate, const QString &file, int line);
    static QString configuredTemplate();

    // `repositoryPath` + `relativePath`: the file must exist in the working tree.
    // The error says what was wrong (no such file, the editor could not start).
    static std::expected<void, QString> open(const QString &repositoryPath, const QString &relativePath, int line);
};

} // namespace Autopack::Ui
