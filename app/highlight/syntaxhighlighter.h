#pragma once

// The interface the diff viewer asks for syntax highlighting through. Kept small so
// that a backend running KSyntaxHighlighting in process (KF6) can replace the
// command-line one without touching the viewer.

#include <QList>
#include <QLoggingCategory>
#include <QObject>
#include <QString>
#include <QStringList>

#include <expected>

Q_DECLARE_LOGGING_CATEGORY(lcHighlight)

namespace Autopack::Highlight {

// The format of [start, start + length) of one line, in UTF-16 code units of the line
// as it was given to request(). Text outside every range keeps the default colour.
struct FormatRange {
    int start = 0;
    int length = 0;
    quint32 foreground = 0; // 0xAARRGGBB, as QRgb (QtCore has no QColor)
    bool hasForeground = false;
    bool bold = false;
    bool italic = false;

    friend bool operator==(const FormatRange &, const FormatRange &) = default;
};

// One list of ranges per requested line, in order; sorted and disjoint within a line.
using LineFormats = QList<QList<FormatRange>>;

enum class ThemeKind { Light, Dark };

struct HighlightError {
    QString message; // names the file and what went wrong

    friend bool operator==(const HighlightError &, const HighlightError &) = default;
};

using HighlightResult = std::expected<LineFormats, HighlightError>;

// One request in flight. It always emits finished() exactly once, later than the
// request() call that made it (never from inside it), unless cancel() came first;
// after cancel() it emits nothing. The caller owns it (deleteLater() when done).
class HighlightReply : public QObject
{
    Q_OBJECT
public:
    explicit HighlightReply(QObject *parent = nullptr);
    ~HighlightReply() override;

    bool isFinished() const { return m_finished; }
    bool isCancelled() const { return m_cancelled; }
    // Valid once finished.
    const HighlightResult &result() const { return m_result; }

    // Stops the work behind the request (the process is killed); finished() is not
    // emitted afterwards.
    void cancel();

    // Backends only: settle the reply. The first call wins; later ones are ignored.
    void finish(HighlightResult result);

Q_SIGNALS:
    void finished();
    void cancelRequested();

private:
    HighlightResult m_result = std::unexpected(HighlightError {});
    bool m_finished = false;
    bool m_cancelled = false;
};

class SyntaxHighlighter
{
public:
    virtual ~SyntaxHighlighter();

    // Highlights `lines` as the content of a file named `fileName` (the language is
    // chosen from the name), in a theme of the given kind. Never blocks.
    virtual HighlightReply *request(const QString &fileName, const QStringList &lines, ThemeKind theme) = 0;
};

} // namespace Autopack::Highlight
