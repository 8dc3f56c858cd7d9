#pragma once

// SyntaxHighlighter over the command-line front end of KSyntaxHighlighting:
//   kate-syntax-highlighter -t THEME -f html FILE
// run with QProcess, asynchronously, one process per request. The text is written to
// a scratch file carrying the requested file's name, so the front end picks the
// language by name exactly as Kate does (its --stdin mode needs a definition name).
// The theme is the first of preferredThemes() that `--list-themes` lists (an unknown
// theme is printed black on black), asked once per highlighter.
//
// A request that does not finish within timeoutMs fails with an error and its process
// is killed: a front end that never answers cannot hang the viewer. Results are cached
// by file name, theme and a hash of the content.

#include "syntaxhighlighter.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

class QProcess;

namespace Autopack::Highlight {

class KateProcessHighlighter : public QObject, public SyntaxHighlighter
{
    Q_OBJECT
public:
    struct Options {
        QString program = QStringLiteral("kate-syntax-highlighter");
        int timeoutMs = 15000; // per request, from the call to the parsed result
        int cacheEntries = 256; // results kept; the oldest are dropped first
    };

    explicit KateProcessHighlighter(QObject *parent = nullptr);
    explicit KateProcessHighlighter(Options options, QObject *parent = nullptr);
    ~KateProcessHighlighter() override;

    HighlightReply *request(const QString &fileName, const QStringList &lines, ThemeKind theme) override;

    // Theme names in order of preference for a palette of that kind.
    static QStringList preferredThemes(ThemeKind kind);

    // Highlighter processes started so far (not counting --list-themes): a cached
    // result starts none.
    int processesStarted() const { return m_processesStarted; }

private:
    struct Job;
    void listThemes();
    void themesListed(const std::expected<QStringList, HighlightError> &themes);
    void start(const std::shared_ptr<Job> &job);
    void complete(const std::shared_ptr<Job> &job, HighlightResult result);
    void stopProcess(QProcess *process);
    QString themeFor(ThemeKind kind) const;

    Options m_options;
    enum class ThemeState { Unknown, Listing, Known } m_themeState = ThemeState::Unknown;
    QStringList m_themes;
    QList<std::shared_ptr<Job>> m_waitingForThemes;
    QHash<QByteArray, LineFormats> m_cache;
    QList<QByteArray> m_cacheOrder;
    int m_processesStarted = 0;
};

} // namespace Autopack::Highlight
