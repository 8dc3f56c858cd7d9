#include "editorlauncher.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QSettings>
#include <QUrl>

namespace Autopack::Ui {

namespace {
QString tr(const char *text) { return QCoreApplication::translate("Autopack::Ui::EditorLauncher", text); }
}

QStringList EditorLauncher::commandFor(const QString &commandTemplate, const QString &file, int line)
{
    QStringList argv = QProcess::splitCommand(commandTemplate.trimmed());
    if (argv.isEmpty())
        return {};
    bool hasFile = false;
    const QString lineText = QString::number(qMax(1, line));
    for (QString &arg : argv) {
        hasFile = hasFile || arg.contains(QLatin1String("{file}"));
        arg.replace(QLatin1String("{file}"), file).replace(QLatin1String("{line}"), lineText);
    }
    if (!hasFile)
        argv << file;
    return argv;
}

QString EditorLauncher::configuredTemplate()
{
    const QString fromEnv = qEnvironmentVariable("AUTOPACK_EDITOR");
    if (!fromEnv.trimmed().isEmpty())
        return fromEnv;
    return QSettings().value(QStringLiteral("review/editorCommand")).toString();
}

std::expected<void, QString> EditorLauncher::open(const QString &repositoryPath, const QString &relativePath,
                                                  int line)
{
    const QString file = QDir(repositoryPath).filePath(relativePath);
    if (!QFileInfo(file).isFile())
        return std::unexpected(
            tr("%1 is not in the working tree of %2 (the candidate may add it)").arg(relativePath, repositoryPath));
    const QStringList argv = commandFor(configuredTemplate(), file, line);
    if (argv.isEmpty()) {
        if (!QDesktopServices::openUrl(QUrl::fromLocalFile(file)))
            return std::unexpected(tr("no application opens %1; set AUTOPACK_EDITOR, e.g. \"code --goto {file}:{line}\"")
                                       .arg(file));
        return {};
    }
    if (!QProcess::startDetached(argv.first(), argv.mid(1), repositoryPath))
        return std::unexpected(tr("the editor command \"%1\" could not be started").arg(argv.first()));
    return {};
}

} // namespace Autopack::Ui
