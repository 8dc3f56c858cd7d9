<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Autopack::Cli</name>
    <message>
        <location filename="../app/cli/commandline.cpp" line="67"/>
        <source>unknown command &apos;%1&apos; (expected &apos;token&apos; or &apos;project&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="69"/>
        <source>&apos;%1&apos; needs a subcommand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="79"/>
        <source>unknown token subcommand &apos;%1&apos; (expected create, list or revoke)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="86"/>
        <source>unknown project subcommand &apos;%1&apos; (expected add or list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="103"/>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="118"/>
        <source>option %1 takes no value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="124"/>
        <source>option %1 is not valid with this command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="160"/>
        <source>unknown option %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="169"/>
        <source>token create needs --role ROLE (builder, auditor, observer or admin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="171"/>
        <source>unknown role &apos;%1&apos; (expected builder, auditor, observer or admin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="173"/>
        <source>token create needs --name NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="177"/>
        <source>token revoke needs the NAME of the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="181"/>
        <source>project add needs the PATH of a git repository</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="191"/>
        <source>Usage:
  autopack [--db PATH] [--project PATH] [--listen ADDR:PORT] [--headless] [--demo] [--insecure]
  autopack token create --role ROLE --name NAME [--db PATH]
  autopack token list [--db PATH]
  autopack token revoke NAME [--db PATH]
  autopack project add PATH [--base BRANCH] [--name NAME] [--db PATH]
  autopack project list [--db PATH]
  autopack --help | --version

Autopack Control Center supervises autonomous coding agents: it owns every state
change, applies every patch to per-run integration branches and runs CI.

Options:
  --db PATH            SQLite database file (default: in the user&apos;s data directory)
  --project PATH       default project repository for runs started without project_id
  --listen ADDR:PORT   agent API address (default 127.0.0.1:8765)
  --headless           run the engine and the listener with no window
  --demo               fill a fresh database with sample projects and runs
  --insecure           allow a non-loopback --listen address without TLS

Exit codes: 0 success, 2 usage error, 1 anything else.
</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Cli::ArgumentReader</name>
    <message>
        <location filename="../app/cli/commandline.cpp" line="36"/>
        <location filename="../app/cli/commandline.cpp" line="40"/>
        <source>option %1 needs a value</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="13"/>
        <source>Autopack Control Center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="19"/>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
