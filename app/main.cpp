#include "mainwindow.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Autopack"));
    QCoreApplication::setApplicationName(QStringLiteral("autopack"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AUTOPACK_VERSION));

    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("autopack"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&translator);

    Autopack::MainWindow window;
    window.show();
    return QApplication::exec();
}
