<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Autopack::Cli</name>
    <message>
        <location filename="../app/cli/commandline.cpp" line="70"/>
        <source>unknown command &apos;%1&apos; (expected &apos;token&apos;, &apos;project&apos; or &apos;agent&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="72"/>
        <source>&apos;%1&apos; needs a subcommand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="82"/>
        <source>unknown token subcommand &apos;%1&apos; (expected create, list or revoke)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="89"/>
        <source>unknown project subcommand &apos;%1&apos; (expected add or list)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="106"/>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="121"/>
        <source>option %1 takes no value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="127"/>
        <source>option %1 is not valid with this command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="138"/>
        <source>option %1 takes a whole number from %2 to %3, not &apos;%4&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="169"/>
        <source>option --db is not valid with agent: a runner talks to the engine only through --url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="201"/>
        <source>unknown option %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="210"/>
        <source>token create needs --role ROLE (builder, auditor, observer or admin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="212"/>
        <source>unknown role &apos;%1&apos; (expected builder, auditor, observer or admin)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="214"/>
        <source>token create needs --name NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="218"/>
        <source>token revoke needs the NAME of the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="222"/>
        <source>project add needs the PATH of a git repository</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="226"/>
        <source>agent needs --role builder or --role auditor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="228"/>
        <source>agent --role must be builder or auditor, not &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="230"/>
        <source>give --token or --token-file, not both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="232"/>
        <source>agent needs --adapter NAME (claude, codex, gemini, opencode, aider, command) or --command &quot;PROGRAM ARGS&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="234"/>
        <source>--adapter command needs --command &quot;PROGRAM ARGS&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/commandline.cpp" line="246"/>
        <source>Usage:
  autopack [--db PATH] [--project PATH] [--listen ADDR:PORT] [--headless] [--demo] [--insecure]
  autopack token create --role ROLE --name NAME [--db PATH]
  autopack token list [--db PATH]
  autopack token revoke NAME [--db PATH]
  autopack project add PATH [--base BRANCH] [--name NAME] [--db PATH]
  autopack project list [--db PATH]
  autopack agent --role builder|auditor [--adapter NAME] [--command &quot;PROGRAM ARGS&quot;]
                 [--url URL] [--token TOKEN | --token-file FILE] [--parallel N] [--once]
                 [--workdir DIR] [--timeout MINUTES] [--stall-timeout SECONDS]
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

Agent runner (autopack agent):
  --role ROLE          builder or auditor: the work claimed
  --adapter NAME       claude, codex, gemini, opencode, aider or command
  --command CMD        the program to run (with --adapter command: any program; the
                       prompt is on stdin and in $AUTOPACK_PROMPT_FILE)
  --url URL            the engine (default $AUTOPACK_URL or http://127.0.0.1:8765)
  --token TOKEN        the agent&apos;s token (default $AUTOPACK_TOKEN)
  --token-file FILE    read the token from the first line of FILE
  --parallel N         work up to N phases of different runs at once (default 1)
  --once               one phase, then exit (3: nothing to claim within 30 s)
  --workdir DIR        where workspaces live (default: the user&apos;s data directory)
  --timeout MINUTES    the agent&apos;s wall time per phase (default 60)
  --stall-timeout SEC  stop an agent silent this long (default 600)

Exit codes: 0 success, 2 usage error, 1 anything else (agent --once: 3 nothing claimed).
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="30"/>
        <source>Created %1 token &quot;%2&quot;. It is shown only now; store it safely:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="43"/>
        <source>No tokens. Create one with: autopack token create --role ROLE --name NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="47"/>
        <location filename="../app/cli/storecommands.cpp" line="103"/>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="48"/>
        <source>ROLE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="49"/>
        <source>CREATED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="50"/>
        <source>LAST USED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="51"/>
        <source>STATUS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="59"/>
        <source>revoked %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="59"/>
        <source>valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="70"/>
        <source>Revoked token &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="88"/>
        <source>Added project &quot;%1&quot;: %2, base branch %3 at %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="100"/>
        <source>No projects. Add one with: autopack project add PATH [--base BRANCH] [--name NAME]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="103"/>
        <source>BASE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="103"/>
        <source>REPOSITORY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/storecommands.cpp" line="129"/>
        <source>internal error: not a store command</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Cli::AgentCommand</name>
    <message>
        <location filename="../app/cli/agentcommand.cpp" line="41"/>
        <source>unknown adapter &apos;%1&apos; (expected %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/agentcommand.cpp" line="46"/>
        <source>--command names no program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/agentcommand.cpp" line="60"/>
        <source>cannot read --token-file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/agentcommand.cpp" line="63"/>
        <source>--token-file %1 is empty: its first line must be the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/agentcommand.cpp" line="67"/>
        <source>agent needs a token: --token TOKEN, --token-file FILE or AUTOPACK_TOKEN (create one with: autopack token create --role %1 --name NAME)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/agentcommand.cpp" line="77"/>
        <source>cannot create the --workdir %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/cli/agentcommand.cpp" line="104"/>
        <source>signal %1: giving leases back and stopping the agents</source>
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
    <name>Autopack::DiffUi::DiffFileListModel</name>
    <message>
        <location filename="../ui/diffview/difffilelistmodel.cpp" line="19"/>
        <source>binary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/difffilelistmodel.cpp" line="22"/>
        <source>added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/difffilelistmodel.cpp" line="24"/>
        <source>mode changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/difffilelistmodel.cpp" line="24"/>
        <source>modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/difffilelistmodel.cpp" line="26"/>
        <source>deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/difffilelistmodel.cpp" line="28"/>
        <source>renamed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/difffilelistmodel.cpp" line="30"/>
        <source>copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/difffilelistmodel.cpp" line="32"/>
        <source>type changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/difffilelistmodel.cpp" line="52"/>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/difffilelistmodel.cpp" line="55"/>
        <source>%1  (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/difffilelistmodel.cpp" line="56"/>
        <source>%1  +%2 −%3  (%4)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::DiffUi::DiffPane</name>
    <message>
        <location filename="../ui/diffview/diffpane.cpp" line="63"/>
        <source>Diff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffpane.cpp" line="599"/>
        <source>renamed, %1% similar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffpane.cpp" line="601"/>
        <source>new file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffpane.cpp" line="603"/>
        <source>deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffpane.cpp" line="605"/>
        <source>mode %1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffpane.cpp" line="607"/>
        <source>binary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffpane.cpp" line="618"/>
        <source>Binary file not shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffpane.cpp" line="620"/>
        <source>File too large to diff (+%1 −%2): click or press Space to load it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffpane.cpp" line="624"/>
        <source>Large diff (%1 lines) hidden: click or press Space to show it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffpane.cpp" line="634"/>
        <source>(x: more context)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffpane.cpp" line="776"/>
        <source>\ No newline at end of file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::DiffUi::DiffView</name>
    <message>
        <location filename="../ui/diffview/diffview.cpp" line="31"/>
        <location filename="../ui/diffview/diffview.cpp" line="33"/>
        <source>Filter files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffview.cpp" line="39"/>
        <source>Changed files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffview.cpp" line="55"/>
        <source>Side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffview.cpp" line="56"/>
        <source>Switch between unified and side-by-side (Ctrl+Shift+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffview.cpp" line="57"/>
        <source>Ctrl+Shift+S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffview.cpp" line="62"/>
        <source>n / p: next / previous hunk · Shift+N / Shift+P: file · x: more context · e: open in editor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffview.cpp" line="67"/>
        <location filename="../ui/diffview/diffview.cpp" line="68"/>
        <source>Find in diff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffview.cpp" line="70"/>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffview.cpp" line="72"/>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffview.cpp" line="75"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/diffview/diffview.cpp" line="172"/>
        <source>Not found: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Engine</name>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="20"/>
        <source>a positive integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="22"/>
        <source>a non-negative integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="23"/>
        <source>an integer of at least %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="56"/>
        <source>an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="58"/>
        <source>an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="62"/>
        <source>nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="324"/>
        <source>not valid JSON at offset %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="328"/>
        <source>expected a JSON object at the top level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategy.cpp" line="82"/>
        <source>required field is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="56"/>
        <source>run %1: tier %2 (%3 phases)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="65"/>
        <source>tier %1 alone has %2 phases and must itself be split into tiers of at most %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="75"/>
        <source>split it by tier into runs of at most %1 phases: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/budgetchecker.cpp" line="23"/>
        <source>tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/budgetchecker.cpp" line="25"/>
        <source>builder attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/budgetchecker.cpp" line="27"/>
        <source>auditor attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/budgetchecker.cpp" line="29"/>
        <source>CI runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/budgetchecker.cpp" line="32"/>
        <source>distinct minor issues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/budgetchecker.cpp" line="34"/>
        <source>distinct major issues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/budgetchecker.cpp" line="43"/>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/budgetchecker.cpp" line="51"/>
        <source>%1 elapsed, cap %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/budgetchecker.cpp" line="53"/>
        <source>%1 %2 used, cap %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/budgetchecker.cpp" line="55"/>
        <source>%1 %2 %3 exceeded: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="163"/>
        <source>%1 must be a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="177"/>
        <source>%1 must be a non-negative integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="192"/>
        <source>cost_usd must be a non-negative number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="204"/>
        <source>run_id %1 does not match the URL&apos;s run %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="210"/>
        <source>phase_id %1 does not match the URL&apos;s phase %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Engine::ArtefactWriter</name>
    <message>
        <location filename="../app/engine/artefactwriter.cpp" line="50"/>
        <source>run %1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/artefactwriter.cpp" line="54"/>
        <source>backlog cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/artefactwriter.cpp" line="218"/>
        <source>artefacts not written: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Engine::BudgetChecker</name>
    <message>
        <location filename="../app/engine/budgetchecker.cpp" line="179"/>
        <source>safety_critical run: %1, so tier %2 is not_clean</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Engine::IssueRecorder</name>
    <message>
        <location filename="../app/engine/issuerecorder.cpp" line="31"/>
        <source>the issue names run %1 but the strategy is run %2&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/issuerecorder.cpp" line="34"/>
        <source>issue_key is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/issuerecorder.cpp" line="38"/>
        <source>unknown phase %1 in run %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Engine::IssueTracker</name>
    <message>
        <location filename="../app/engine/issuetracker.cpp" line="132"/>
        <location filename="../app/engine/issuetracker.cpp" line="153"/>
        <source>required field is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/issuetracker.cpp" line="135"/>
        <source>run %1 is already tracked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/issuetracker.cpp" line="156"/>
        <source>unknown run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/issuetracker.cpp" line="161"/>
        <source>unknown phase %1 in run %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/issuetracker.cpp" line="338"/>
        <source>no backlog issue with key %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/issuetracker.cpp" line="340"/>
        <source>a reason is required to resolve an issue</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Engine::JsonReader</name>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="92"/>
        <source>required field is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="105"/>
        <location filename="../app/engine/jsonreader.cpp" line="109"/>
        <source>expected %1, got %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="113"/>
        <source>expected %1 no greater than %2, got %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="134"/>
        <source>expected a number from %1 to %2, got %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="154"/>
        <source>expected true or false, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="166"/>
        <source>expected a string, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="170"/>
        <location filename="../app/engine/jsonreader.cpp" line="228"/>
        <source>expected a non-empty string, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="186"/>
        <source>expected a non-empty string or null, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="198"/>
        <source>expected one of %1, got %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="218"/>
        <source>expected an array of strings, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="254"/>
        <location filename="../app/engine/jsonreader.cpp" line="270"/>
        <location filename="../app/engine/jsonreader.cpp" line="292"/>
        <source>expected an object, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="285"/>
        <source>expected an array, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="310"/>
        <source>unknown field (no fields are expected here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/jsonreader.cpp" line="311"/>
        <source>unknown field (known fields here: %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Engine::Ruleset</name>
    <message>
        <location filename="../app/engine/ruleset.cpp" line="83"/>
        <source>an alias must not be empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/ruleset.cpp" line="85"/>
        <source>&quot;%1&quot; is already a built-in category or alias and cannot be redefined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/ruleset.cpp" line="87"/>
        <source>expected a category name, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/ruleset.cpp" line="89"/>
        <source>the alias %1 is defined a second time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/ruleset.cpp" line="111"/>
        <source>a category name must not be empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/ruleset.cpp" line="115"/>
        <source>&quot;%1&quot; names the category %2 a second time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/ruleset.cpp" line="119"/>
        <source>expected an object, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/ruleset.cpp" line="137"/>
        <source>expected a glob relative to the repository root, without &apos;..&apos;, got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Engine::Strategy</name>
    <message>
        <location filename="../app/engine/strategy.cpp" line="309"/>
        <source>the phase is listed under tier %1 but names tier %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Engine::StrategyCompiler</name>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="96"/>
        <location filename="../app/engine/strategycompiler.cpp" line="133"/>
        <location filename="../app/engine/strategycompiler.cpp" line="173"/>
        <source>required field is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="103"/>
        <location filename="../app/engine/strategycompiler.cpp" line="112"/>
        <location filename="../app/engine/strategycompiler.cpp" line="218"/>
        <location filename="../app/engine/strategycompiler.cpp" line="226"/>
        <source>expected one of %1, got %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="126"/>
        <source>a plan needs at least one tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="135"/>
        <source>tier %1 is listed twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="138"/>
        <source>tier_index %1 is used by tiers %2 and %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="154"/>
        <source>run_scope single_tier runs exactly one tier, but the plan has %1 tiers (%2); split it by tier and start one run per tier, or use run_scope multi_tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="159"/>
        <source> (safety_critical runs are single_tier unless the plan or the ruleset names a run_scope)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="165"/>
        <source>a plan needs at least one phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="175"/>
        <source>phase %1 is listed twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="178"/>
        <source>unknown tier %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="181"/>
        <source>phase_index %1 is used twice in tier %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="193"/>
        <source>the plan has %1 phases, more than max_phases %2; %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="297"/>
        <source>Debt cleanup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/strategycompiler.cpp" line="298"/>
        <source>Clean up aged backlog issues: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Engine::Supervisor</name>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="375"/>
        <source>run %1: stored strategy does not read back: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="402"/>
        <location filename="../app/engine/supervisor.cpp" line="1934"/>
        <location filename="../app/engine/supervisor.cpp" line="2015"/>
        <source>unknown run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="438"/>
        <source>unknown phase %1 in run %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="441"/>
        <source>phase %1 is missing from run %2&apos;s strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="468"/>
        <source>unknown project %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="478"/>
        <source>no project is registered: add one with `autopack project add PATH` or start with --project PATH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="480"/>
        <source>%1 projects are registered: name one with project_id, or start with --project PATH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="492"/>
        <source>Run %1 already exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="499"/>
        <source>project %1&apos;s ruleset is invalid: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="520"/>
        <source>project %1&apos;s repository cannot be opened: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="534"/>
        <source>strategy frozen; integration branch %1 created at %2; %3 phases queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="571"/>
        <source>safety_critical run: phase %1 failed (%2), so tier %3 is not_clean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="603"/>
        <source>tier %1 failed: phase %2 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="615"/>
        <source>phase %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="620"/>
        <source>every phase of tier %1 is processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="636"/>
        <source>phase %1 complete: snapshot %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="648"/>
        <source>next phase %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="652"/>
        <location filename="../app/engine/supervisor.cpp" line="878"/>
        <source>tier %1 starts with phase %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="664"/>
        <source>all phases processed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="691"/>
        <source>run %1 is already %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="766"/>
        <source>phase %1 was not approved by the auditor and human gates are off: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="777"/>
        <source>%1; no attempts left (builder %2/%3, auditor %4/%5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="835"/>
        <source>tier %1 is not_clean: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="868"/>
        <source>dispatched to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="868"/>
        <source>a builder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="873"/>
        <source>phase %1 starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="890"/>
        <source>role must be builder or auditor, got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="892"/>
        <source>an agent name is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="995"/>
        <source>lease %1 expired at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1013"/>
        <source>%1 gave the phase back, rate limited: %2 (no attempt charged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1014"/>
        <source>%1 gave the phase back: %2 (no attempt charged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1031"/>
        <source>lease %1 is not held any more; the transcript was not stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1034"/>
        <source>lease %1 is held by %2, not %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1082"/>
        <source>lease of %1 (%2) expired without a result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1142"/>
        <source>status must be success, failed or needs_review, got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1156"/>
        <source>patch_content is required when status is %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1161"/>
        <source>suggested_issues must be an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1168"/>
        <source>suggested_issues[%1] must be an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1177"/>
        <source>probe_results must be an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1184"/>
        <location filename="../app/engine/supervisor.cpp" line="1528"/>
        <source>run %1 is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1191"/>
        <source>phase %1 is QUEUED and not the run&apos;s current phase (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1192"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1202"/>
        <source>phase %1 is %2; a builder result is accepted only while it is EXECUTING</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1207"/>
        <source>phase %1 has used its %2 builder attempts and waits for the auditor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1229"/>
        <source>probe results: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1241"/>
        <source>run ended: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1247"/>
        <source>phase %1 is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1264"/>
        <source>builder %1 reported a failed attempt%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1268"/>
        <source>failed attempt %1 recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1284"/>
        <source>%1: builder attempt %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1315"/>
        <source>patch refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1330"/>
        <source>builder attempt %1 applied as candidate %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1334"/>
        <source>candidate %1 created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1339"/>
        <source>auto_apply: automatic gate checks passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1343"/>
        <source>; gate passed (auto_apply), CI running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1345"/>
        <source>; waiting for a reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1347"/>
        <source>; waiting for the auditor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1376"/>
        <source>project %1&apos;s CI configuration is invalid: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1413"/>
        <source>CI could not run for phase %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1417"/>
        <source>CI red on %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1437"/>
        <source>Phase %1 of run %2: CI green</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1446"/>
        <source>integration branch could not take phase %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1452"/>
        <source>CI green; integration branch at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1466"/>
        <source>state is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1470"/>
        <source>Invalid phase state: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1486"/>
        <source>phase %1 is %2; a builder may not move it to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1504"/>
        <source>builder %1 reported a failed attempt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1556"/>
        <source>phase %1 is %2; an auditor can review it only while EXECUTING or in GATE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1562"/>
        <source>correctness and scope of phase %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1563"/>
        <source>auditor review requested for phase %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1571"/>
        <source>auditor requested (%1): %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1637"/>
        <source>auditor %1 gave no usable verdict (attempt %2 of %3): %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1677"/>
        <source>status must be success or failed, got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1684"/>
        <source>recommendation must be approve, revise or escalate, got &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1697"/>
        <source>patch_content must be a non-empty string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1590"/>
        <source>phase %1 is %2; an auditor result is accepted only while EXECUTING or in GATE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1594"/>
        <source>phase %1 has used its %2 auditor attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1750"/>
        <source>run ended on its budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1784"/>
        <source>%1: auditor patch, attempt %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1789"/>
        <source>auditor patch refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1813"/>
        <source>auditor escalated phase %1 and human gates are off: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1821"/>
        <source>auditor escalated: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1824"/>
        <location filename="../app/engine/supervisor.cpp" line="1851"/>
        <source>auditor asked for revision: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1833"/>
        <source>auditor patch applied as candidate %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1846"/>
        <source>auditor %1 approved candidate %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1858"/>
        <source>auditor result recorded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1874"/>
        <source>phase %1 is %2; only a phase in GATE can be approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1877"/>
        <source>the candidate commit that was reviewed is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1880"/>
        <source>candidate %1 is not the phase&apos;s current candidate %2: review the newer one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1891"/>
        <source>approved by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1899"/>
        <source>a rejection needs a reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1903"/>
        <source>a line comment needs a path, a line and a text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1911"/>
        <source>phase %1 is %2; only a phase in GATE can be rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1923"/>
        <source>rejected by %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1930"/>
        <source>cancelling needs a reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1937"/>
        <source>cancelled by %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1945"/>
        <source>resolving needs a reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1956"/>
        <source>no backlog issue %1 in project %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1962"/>
        <source>backlog issue %1 resolved by %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1974"/>
        <source>the run is %1, not DONE_SUCCESS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1977"/>
        <source>tier %1 is not_clean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1980"/>
        <source>the run failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="1983"/>
        <source>run %1 may not be promoted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="2002"/>
        <source>promoted to %1 by %2 (%3): %4 -&gt; %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/engine/supervisor.cpp" line="2043"/>
        <source>resumed after a restart: phases queued</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Highlight::KateProcessHighlighter</name>
    <message>
        <location filename="../app/highlight/kateprocesshighlighter.cpp" line="96"/>
        <source>highlighting %1: %2 did not answer within %3 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/highlight/kateprocesshighlighter.cpp" line="101"/>
        <source>highlighting %1: cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/highlight/kateprocesshighlighter.cpp" line="129"/>
        <source>%1 --list-themes did not answer within %2 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/highlight/kateprocesshighlighter.cpp" line="136"/>
        <source>%1 --list-themes failed (exit code %2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/highlight/kateprocesshighlighter.cpp" line="155"/>
        <source>cannot start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/highlight/kateprocesshighlighter.cpp" line="170"/>
        <location filename="../app/highlight/kateprocesshighlighter.cpp" line="235"/>
        <source>highlighting %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/highlight/kateprocesshighlighter.cpp" line="187"/>
        <source>highlighting %1: none of the themes %2 is installed (%3 --list-themes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/highlight/kateprocesshighlighter.cpp" line="199"/>
        <source>highlighting %1: cannot write the scratch file %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/highlight/kateprocesshighlighter.cpp" line="225"/>
        <source>highlighting %1: %2 failed (exit code %3): %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/highlight/kateprocesshighlighter.cpp" line="246"/>
        <source>highlighting %1: cannot start %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Host::EngineHost</name>
    <message>
        <location filename="../app/host/enginehost.cpp" line="36"/>
        <source>--listen: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/enginehost.cpp" line="41"/>
        <source>cannot create the data directory %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/enginehost.cpp" line="117"/>
        <source>another Autopack engine (process %1 on %2) is running on the database %3; stop it first or use another --db</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/enginehost.cpp" line="72"/>
        <source>resuming unfinished runs failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/enginehost.cpp" line="87"/>
        <source>API routes: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/enginehost.cpp" line="91"/>
        <source>cannot listen on %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/enginehost.cpp" line="95"/>
        <source>listening on %1, %2 unfinished runs resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/enginehost.cpp" line="123"/>
        <source>cannot create the lock file %1: permission denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/enginehost.cpp" line="125"/>
        <source>cannot create the lock file %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Host::RequestLogModel</name>
    <message>
        <location filename="../app/host/requestlogmodel.cpp" line="27"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/requestlogmodel.cpp" line="42"/>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/requestlogmodel.cpp" line="79"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/requestlogmodel.cpp" line="81"/>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/requestlogmodel.cpp" line="83"/>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/requestlogmodel.cpp" line="85"/>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/requestlogmodel.cpp" line="87"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/requestlogmodel.cpp" line="89"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/host/requestlogmodel.cpp" line="91"/>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::PhaseBoardModel</name>
    <message>
        <location filename="../models/phaseboardmodel.cpp" line="472"/>
        <source>Phase</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::RunTreeModel</name>
    <message>
        <location filename="../models/runtreemodel.cpp" line="682"/>
        <source>Project #%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/runtreemodel.cpp" line="692"/>
        <source>%1 (awaiting reviewer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/runtreemodel.cpp" line="820"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/runtreemodel.cpp" line="822"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/runtreemodel.cpp" line="824"/>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/runtreemodel.cpp" line="826"/>
        <source>Tokens used / cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/runtreemodel.cpp" line="828"/>
        <source>Minor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/runtreemodel.cpp" line="830"/>
        <source>Major</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/runtreemodel.cpp" line="832"/>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::StateMachine</name>
    <message>
        <location filename="../models/statemachine.cpp" line="157"/>
        <source>not in the transition table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/statemachine.cpp" line="162"/>
        <source>actor %1 may not make this change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/statemachine.cpp" line="168"/>
        <source>guard failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/statemachine.cpp" line="179"/>
        <source>%1 %2: %3 -&gt; %4 refused for %5: %6</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Store</name>
    <message>
        <location filename="../models/storedatabase.cpp" line="22"/>
        <location filename="../models/store.cpp" line="109"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storedatabase.cpp" line="48"/>
        <source>cannot open the database %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storedatabase.cpp" line="87"/>
        <source>cannot prepare &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storedatabase.cpp" line="102"/>
        <location filename="../models/storedatabase.cpp" line="104"/>
        <source>cannot begin a write transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storedatabase.cpp" line="115"/>
        <location filename="../models/storedatabase.cpp" line="117"/>
        <source>cannot begin a read transaction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storedatabase.cpp" line="142"/>
        <source>cannot commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storedatabase.cpp" line="191"/>
        <source>cannot create the directory %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storedatabase.cpp" line="238"/>
        <source>cannot configure the database %1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storemigrator.cpp" line="59"/>
        <source>cannot read the schema version of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storemigrator.cpp" line="97"/>
        <location filename="../models/store.cpp" line="848"/>
        <source>the database %1 has schema version %2, newer than this Autopack knows (%3); it was not changed. Use a newer Autopack or another --db file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storemigrator.cpp" line="104"/>
        <source>no migration to version %1 exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storemigrator.cpp" line="111"/>
        <source>cannot create schema_migrations: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storemigrator.cpp" line="122"/>
        <source>cannot read the migration %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storemigrator.cpp" line="127"/>
        <source>cannot begin migration %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/storemigrator.cpp" line="133"/>
        <source>migration %1 (%2) failed, the database stays at version %3: %4: %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="147"/>
        <source>statement failed (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="463"/>
        <location filename="../models/store.cpp" line="938"/>
        <source>project %1 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="469"/>
        <location filename="../models/store.cpp" line="478"/>
        <source>Run %1 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="484"/>
        <location filename="../models/store.cpp" line="1839"/>
        <source>run row %1 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="490"/>
        <source>tier row %1 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="496"/>
        <source>phase row %1 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="519"/>
        <source>tier %1 not found in run %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="525"/>
        <source>phase %1 not found in run %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="584"/>
        <source>%1 must not be negative (got %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="659"/>
        <source>issue_state must be one of %1 (got &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="739"/>
        <source>%1 row %2 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="774"/>
        <source>a store write was started inside another one on this thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="832"/>
        <source>the database path is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="877"/>
        <source>project.name is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="880"/>
        <source>project.repo_path is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="883"/>
        <source>project.base_branch is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="886"/>
        <source>project.ruleset_json is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="889"/>
        <source>project.ci_commands_json is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="898"/>
        <source>a project for the repository %1 already exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="899"/>
        <source>a project named %1 already exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="963"/>
        <source>no project named %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="972"/>
        <source>no project for the repository %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="987"/>
        <source>run.run_id is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="990"/>
        <source>run.state must start as PLAN_BOOTSTRAP or RUN_CREATED, not %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="993"/>
        <source>run.safety_profile must be normal or safety_critical, not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="998"/>
        <source>run.run_scope must be multi_tier or single_tier, not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1000"/>
        <source>run budgets must not be negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1007"/>
        <location filename="../models/store.cpp" line="1020"/>
        <source>%1 is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1009"/>
        <source>%1: tier %2 appears twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1012"/>
        <source>tiers[%1].state must start as PENDING, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1022"/>
        <source>%1: phase %2 appears twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1025"/>
        <source>phases[%1].tier_id: unknown tier &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1028"/>
        <source>phases[%1].state must start as QUEUED, not %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1031"/>
        <source>phases[%1].issue_state is not one of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1049"/>
        <source>run.project_id: project %1 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1053"/>
        <source>Run %1 already exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../models/store.cpp" line="1112"/>
        <source>run created with %n phase(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1465"/>
        <source>no transition requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1496"/>
        <source>step %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1557"/>
        <source>tokens_used must not be negative (got %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1560"/>
        <source>cost_usd must be a non-negative number (got %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1641"/>
        <source>kind must be one of %1 (got &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1644"/>
        <source>role must be builder or auditor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1700"/>
        <location filename="../models/store.cpp" line="1720"/>
        <source>limit must be between 1 and 100000 (got %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1752"/>
        <source>an event needs a reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1831"/>
        <source>issue_key is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1984"/>
        <source>issue row %1 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1987"/>
        <source>run issue %1 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="1990"/>
        <source>backlog issue %1 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2060"/>
        <location filename="../models/store.cpp" line="2346"/>
        <source>status must be one of %1 (got &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2065"/>
        <source>issue %1 is not in the backlog of project %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2085"/>
        <source>a token needs a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2088"/>
        <source>role must be one of %1 (got &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2102"/>
        <source>a token named %1 already exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2106"/>
        <source>token %1 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2127"/>
        <source>no token named %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2144"/>
        <source>no token given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2151"/>
        <source>unknown token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2156"/>
        <source>the token %1 was revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2200"/>
        <source>decision must be one of %1 (got &quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2202"/>
        <source>a review needs a reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2207"/>
        <source>comments[%1] needs a path, a line &gt;= 0 and a text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2229"/>
        <source>review %1 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2267"/>
        <location filename="../models/store.cpp" line="2328"/>
        <source>CI attempt %1 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2275"/>
        <source>attempt must be 1 or more (got %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2278"/>
        <source>profile must be normal or strict (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2333"/>
        <source>CI attempt %1 is %2, not running: no more output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2348"/>
        <source>duration_ms must not be negative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2355"/>
        <source>CI attempt %1 is already finished (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2412"/>
        <source>lease %1 not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2418"/>
        <source>ttl_ms must be positive (got %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2430"/>
        <source>lease %1 is held by %2, not %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2434"/>
        <source>lease %1 was released at %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2437"/>
        <source>lease %1 expired at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2448"/>
        <source>role must be builder or auditor (got &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2450"/>
        <source>a lease needs a holder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2471"/>
        <source>phase %1 of run %2 is leased to %3 as %4 until %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/store.cpp" line="2629"/>
        <source>an idempotency record needs a scope and a key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::TranscriptModel</name>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="35"/>
        <source>message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="37"/>
        <source>thinking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="39"/>
        <source>tool call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="41"/>
        <source>tool result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="43"/>
        <source>file change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="45"/>
        <source>usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="47"/>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="49"/>
        <source>rate limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="51"/>
        <source>notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="159"/>
        <source>tool: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="159"/>
        <source>tool: %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="162"/>
        <source>result: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="162"/>
        <source>result of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="164"/>
        <source>file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="165"/>
        <source>file: %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="242"/>
        <source>Auditor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="242"/>
        <source>Builder</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../models/transcriptmodel.cpp" line="243"/>
        <source>%n event(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="244"/>
        <source>%1 · attempt %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="245"/>
        <source>%1 · attempt %2 · %3 · %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="307"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="309"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/transcriptmodel.cpp" line="311"/>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::AgentProfileDialog</name>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="28"/>
        <source>Add agent profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="28"/>
        <source>Edit agent profile %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="30"/>
        <source>e.g. claude-builder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="32"/>
        <source>Builder: writes the phases&apos; candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="33"/>
        <source>Auditor: reviews candidates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="41"/>
        <source>the adapter&apos;s default; the command adapter needs one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="42"/>
        <source>Program and arguments, quoted as in a shell. The prompt is on stdin and in $AUTOPACK_PROMPT_FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="47"/>
        <source>Phases of different runs worked on at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="51"/>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="52"/>
        <source>&amp;Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="53"/>
        <source>&amp;Adapter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="54"/>
        <source>&amp;Command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="55"/>
        <source>&amp;Parallel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="83"/>
        <source>A profile needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentprofiledialog.cpp" line="85"/>
        <source>A profile named %1 exists already.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::AgentsDock</name>
    <message>
        <location filename="../ui/agentsdock.cpp" line="45"/>
        <source>Agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="50"/>
        <source>&amp;Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="51"/>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="52"/>
        <source>Re&amp;move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="53"/>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="54"/>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="80"/>
        <source>Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="80"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="80"/>
        <source>Adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="80"/>
        <location filename="../ui/agentsdock.cpp" line="89"/>
        <source>Parallel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="80"/>
        <source>Runner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="95"/>
        <source>The selected profile&apos;s runner prints one line per event here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="108"/>
        <source>Agents seen in the last minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="114"/>
        <source>Local runners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="152"/>
        <source>Cannot start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="326"/>
        <source>The adapter&apos;s default command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="326"/>
        <source>--command %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="344"/>
        <source>not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="350"/>
        <source>running · pid %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="353"/>
        <source>stopping · pid %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="356"/>
        <source>ended: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="373"/>
        <source>add or select a profile first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="375"/>
        <source>its runner is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="377"/>
        <location filename="../ui/agentsdock.cpp" line="469"/>
        <source>no store to make its token in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="379"/>
        <location filename="../ui/agentsdock.cpp" line="472"/>
        <source>the window&apos;s engine has no API listener</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="381"/>
        <source>Start `autopack agent` for %1 against %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="382"/>
        <source>Start — not available: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="385"/>
        <source>Send SIGTERM (the runner gives its leases back); kill after %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="387"/>
        <source>Stop — not available: no runner of this profile is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="389"/>
        <source>Edit — not available: stop its runner first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="391"/>
        <source>Remove — not available: stop its runner first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="456"/>
        <source>no free token name for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="464"/>
        <source>no profile named %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="467"/>
        <source>its runner is running (pid %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsdock.cpp" line="498"/>
        <source>Started %1 with token %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::AgentsSeenModel</name>
    <message>
        <location filename="../ui/agentsseenmodel.cpp" line="96"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsseenmodel.cpp" line="98"/>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsseenmodel.cpp" line="106"/>
        <source>Last request %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsseenmodel.cpp" line="107"/>
        <source>No request within the last minute; its lease is still active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsseenmodel.cpp" line="110"/>
        <source>%1 / %2 as %3 since %4, lease until %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsseenmodel.cpp" line="129"/>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsseenmodel.cpp" line="131"/>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsseenmodel.cpp" line="133"/>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsseenmodel.cpp" line="135"/>
        <source>Working on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/agentsseenmodel.cpp" line="137"/>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::BoardCardDelegate</name>
    <message>
        <location filename="../ui/boardview.cpp" line="125"/>
        <source> · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/boardview.cpp" line="135"/>
        <source>%1 cx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/boardview.cpp" line="163"/>
        <source>%1/%2 att · %3 tok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/boardview.cpp" line="166"/>
        <source> · %1+%2 iss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/boardview.cpp" line="169"/>
        <source>%1/%2 att · %3 tok · %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/boardview.cpp" line="171"/>
        <source>%1/%2 att · %3 · %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/boardview.cpp" line="186"/>
        <source>NEEDS APPROVAL</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::BoardView</name>
    <message>
        <location filename="../ui/boardview.cpp" line="233"/>
        <source>%1 column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/boardview.cpp" line="328"/>
        <source>%1  %2 / %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/boardview.cpp" line="329"/>
        <source>%1  %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/boardview.cpp" line="332"/>
        <source>  — over limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/boardview.cpp" line="343"/>
        <source>%1 cards; work-in-progress limit %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/boardview.cpp" line="343"/>
        <source>%1 cards</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::DetailsPanel</name>
    <message>
        <location filename="../ui/detailspanel.cpp" line="166"/>
        <source>Select a project, run, tier or phase to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="196"/>
        <source>Project %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="197"/>
        <source>Repository</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="198"/>
        <source>Base branch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="199"/>
        <source>Protected paths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="200"/>
        <location filename="../ui/detailspanel.cpp" line="349"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="201"/>
        <location filename="../ui/detailspanel.cpp" line="220"/>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="203"/>
        <source>Ruleset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="204"/>
        <source>CI commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="215"/>
        <source>Run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="216"/>
        <location filename="../ui/detailspanel.cpp" line="289"/>
        <location filename="../ui/detailspanel.cpp" line="314"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="217"/>
        <source>Safety profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="218"/>
        <source>Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="219"/>
        <source>Integration branch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="221"/>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="222"/>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="224"/>
        <source>Failure reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="227"/>
        <source>Budgets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="228"/>
        <location filename="../ui/detailspanel.cpp" line="291"/>
        <location filename="../ui/detailspanel.cpp" line="320"/>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="229"/>
        <source>Phases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="232"/>
        <location filename="../ui/detailspanel.cpp" line="234"/>
        <source>Minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="234"/>
        <source>not started (cap %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="236"/>
        <location filename="../ui/detailspanel.cpp" line="293"/>
        <source>Minor issues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="237"/>
        <location filename="../ui/detailspanel.cpp" line="295"/>
        <source>Major issues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="238"/>
        <location filename="../ui/detailspanel.cpp" line="292"/>
        <source>CI runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="241"/>
        <source>Tiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="248"/>
        <source>%1, %2 · %3 · CI %4/%5 · issues %6 minor / %7 major</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="260"/>
        <source>Promotion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="263"/>
        <source>the run is %1, not DONE_SUCCESS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="265"/>
        <source>tiers not clean: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="267"/>
        <source>a budget was exhausted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="269"/>
        <source>Eligible for promotion to the base branch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="271"/>
        <source>Not marked eligible by the supervisor yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="274"/>
        <source>Not eligible: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="277"/>
        <source>Strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="287"/>
        <source>Tier %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="288"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="290"/>
        <source>Cleanliness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="295"/>
        <source>%1 (tolerated %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="308"/>
        <source>Phase %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="311"/>
        <source>NEEDS APPROVAL: waiting for a reviewer to approve or reject.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="313"/>
        <source>Run / tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="315"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="316"/>
        <source>Complexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="317"/>
        <source>Builder mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="318"/>
        <source>Builder attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="318"/>
        <location filename="../ui/detailspanel.cpp" line="319"/>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="319"/>
        <source>Auditor attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="321"/>
        <location filename="../ui/detailspanel.cpp" line="358"/>
        <source>Issues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="322"/>
        <source>%1 minor, %2 major (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="323"/>
        <source>Base commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="324"/>
        <source>Candidate commit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="326"/>
        <source>Specification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="328"/>
        <source>No description.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="335"/>
        <source>Strategy slice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="344"/>
        <source>CI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="347"/>
        <source>Attempt %1 (%2): %3, exit %4, %5 ms — %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="353"/>
        <source>
[output truncated by the verifier]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="361"/>
        <source>%1 (effective %2), %3, from %4, seen %5× — %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="369"/>
        <source>Reviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="372"/>
        <source>%1 %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="386"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/detailspanel.cpp" line="402"/>
        <source>No events yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::EditorLauncher</name>
    <message>
        <location filename="../ui/editorlauncher.cpp" line="47"/>
        <source>%1 is not in the working tree of %2 (the candidate may add it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/editorlauncher.cpp" line="51"/>
        <source>no application opens %1; set AUTOPACK_EDITOR, e.g. &quot;code --goto {file}:{line}&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/editorlauncher.cpp" line="56"/>
        <source>the editor command &quot;%1&quot; could not be started</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::LineComments</name>
    <message>
        <location filename="../ui/linecomments.cpp" line="27"/>
        <source>a line comment needs a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/linecomments.cpp" line="29"/>
        <source>the comment on %1:%2 is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/linecomments.cpp" line="32"/>
        <source>line %1 of %2 is not in the diff shown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::LocalRunner</name>
    <message>
        <location filename="../ui/localrunner.cpp" line="20"/>
        <source>could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/localrunner.cpp" line="27"/>
        <source>still running %1 s after SIGTERM: killing it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/localrunner.cpp" line="51"/>
        <source>$ %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/localrunner.cpp" line="115"/>
        <source>killed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/localrunner.cpp" line="117"/>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/localrunner.cpp" line="117"/>
        <source>crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/localrunner.cpp" line="119"/>
        <source>exit code %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/localrunner.cpp" line="120"/>
        <source>runner %1 ended: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="106"/>
        <location filename="../ui/mainwindow.cpp" line="1122"/>
        <source>Autopack Control Center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="120"/>
        <source>Filter by id, name, state or category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="143"/>
        <source>&amp;Project:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="144"/>
        <source>R&amp;un:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="145"/>
        <source>&amp;Tier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="178"/>
        <source>Diff and review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="179"/>
        <source>Patch text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="185"/>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="185"/>
        <source>Issue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="185"/>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="185"/>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="186"/>
        <source>Effective</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="186"/>
        <location filename="../ui/mainwindow.cpp" line="283"/>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="186"/>
        <source>Tiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="186"/>
        <source>Last run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="186"/>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="186"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="206"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="206"/>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="206"/>
        <source>Entity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="206"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="206"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="224"/>
        <source>&amp;Board</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="225"/>
        <location filename="../ui/mainwindow.cpp" line="428"/>
        <source>&amp;Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="226"/>
        <source>&amp;Issues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="227"/>
        <source>&amp;Activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="293"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="357"/>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="357"/>
        <source>Ctrl+Shift+A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="359"/>
        <source>&amp;Reject…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="359"/>
        <source>Ctrl+Shift+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="361"/>
        <source>Request a&amp;udit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="361"/>
        <source>Ctrl+Shift+U</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="363"/>
        <source>&amp;Cancel run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="363"/>
        <source>Ctrl+Shift+K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="365"/>
        <source>Re&amp;solve issue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="365"/>
        <source>Ctrl+Shift+S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="367"/>
        <source>&amp;Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="374"/>
        <source>&amp;New run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="377"/>
        <source>Start a run from a plan JSON file, with a preview of its strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="379"/>
        <source>&amp;Add project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="381"/>
        <source>Register a git repository as a project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="383"/>
        <source>&amp;Edit project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="385"/>
        <location filename="../ui/mainwindow.cpp" line="694"/>
        <source>Edit the selected project&apos;s base branch, ruleset and CI commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="388"/>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="402"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="405"/>
        <source>&amp;Projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="409"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="412"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="415"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="436"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="437"/>
        <source>&amp;About Autopack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="438"/>
        <source>About Autopack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="439"/>
        <source>&lt;h3&gt;Autopack Control Center %1&lt;/h3&gt;&lt;p&gt;Supervises autonomous coding agents: runs, tiers and phases, gated approvals, governed git apply, CI and budgets.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="445"/>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="506"/>
        <source>Database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="523"/>
        <source>API listener: off</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="524"/>
        <source>API %1 · %n agent(s) connected</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="543"/>
        <source>&amp;API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="544"/>
        <source>API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="549"/>
        <source>Show the API&apos;s request log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="695"/>
        <source>Edit project — not available: select a project, or one of its runs, in the Runs tree</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="698"/>
        <source>%1 — not available: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="702"/>
        <source>no supervisor is connected to carry out reviewer actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="716"/>
        <source>Approve phase %1&apos;s candidate; CI runs next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="718"/>
        <source>Reject phase %1&apos;s candidate with a reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="720"/>
        <source>Ask the auditor to review phase %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="721"/>
        <source>Cancel run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="723"/>
        <source>Mark issue %1 resolved in the backlog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="734"/>
        <source>Refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="749"/>
        <source>Approved phase %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="762"/>
        <source>Rejected phase %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="772"/>
        <source>Request audit of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="773"/>
        <source>Review focus (optional):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="776"/>
        <source>Audit requested for phase %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="786"/>
        <source>Cancel run %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="787"/>
        <source>Cancel run %1? Its unfinished phases stop and the run ends as DONE_FAILED_CANCELLED. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="792"/>
        <source>Cancel &amp;run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="793"/>
        <source>&amp;Keep running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="797"/>
        <source>Cancelled run %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="805"/>
        <source>Resolved issue %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="836"/>
        <source>All projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="848"/>
        <source>All runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="861"/>
        <source>Choose a project first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="864"/>
        <source>All tiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="876"/>
        <source>Choose a run first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/mainwindow.cpp" line="898"/>
        <source>%n gate(s) waiting for a reviewer</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="1036"/>
        <source>Select a phase to review its candidate commit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="1052"/>
        <source>Phase %1 (%2) has no candidate commit yet: nothing to review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="1067"/>
        <source>Candidate %1 of phase %2 cannot be read from %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="1073"/>
        <source>Candidate %1 of phase %2 (attempt %3), against its parent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="1152"/>
        <source>Added project %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="1164"/>
        <source>Edit project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="1169"/>
        <source>Saved project %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="1182"/>
        <source>Created run %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::NewRunDialog</name>
    <message>
        <location filename="../ui/newrundialog.cpp" line="42"/>
        <source>New run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="52"/>
        <source>&amp;Project:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="55"/>
        <source>Plan JSON file (the /runs/start payload)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="56"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="59"/>
        <source>Plan &amp;file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="72"/>
        <source>Compiled strategy (read-only preview):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="76"/>
        <source>&amp;Create run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="103"/>
        <source>Open plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="103"/>
        <source>Plan JSON (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="117"/>
        <source>Cannot read plan file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="146"/>
        <source>Nothing will be created: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="155"/>
        <source>No project is registered: add one with Projects ▸ Add project… first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="157"/>
        <source>Choose a plan JSON file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="166"/>
        <source>$: not valid JSON at byte %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="168"/>
        <source>$: the plan must be a JSON object with run, tiers and phases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="174"/>
        <source>$.run.run_id: Run %1 already exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="179"/>
        <source>Project %1&apos;s ruleset is invalid (%2); fix it with Projects ▸ Edit project…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="198"/>
        <source>Run %1 on project %2, base branch %3
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="199"/>
        <source>Safety profile %1, run scope %2, human gates %3
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="201"/>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="201"/>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="202"/>
        <source>Budget: %1 tokens, %2 phases max, %3 minutes, %4 minor issues
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="208"/>
        <source>
Tier %1 %2: token cap %3, CI runs %4, minor issues tolerated %5
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="213"/>
        <source>  %1 %2 · %3 · %4 complexity · gate %5 · builder %6 / auditor %7 attempts%8
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="221"/>
        <source> · debt cleanup for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="225"/>
        <source>Backlog issue %1 escalated to major (seen in %2 runs, %3 tiers)
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="229"/>
        <source>
Strategy JSON:
</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/newrundialog.cpp" line="233"/>
        <source>The plan compiles: %n phase(s) in %1 tier(s). Nothing is created until Create run.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="239"/>
        <source>Create run %1 through the supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="240"/>
        <source>No supervisor is connected to create runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/newrundialog.cpp" line="251"/>
        <source>Refused by the supervisor: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::ProjectDialog</name>
    <message>
        <location filename="../ui/projectdialog.cpp" line="44"/>
        <source>Edit project %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="52"/>
        <source>Add project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="66"/>
        <source>A git repository directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="69"/>
        <source>The branch runs integrate into; empty: the repository&apos;s HEAD branch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="71"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="74"/>
        <source>&amp;Repository:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="77"/>
        <source>Base &amp;branch:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="78"/>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="87"/>
        <source>Ruleset JSON (docs/ruleset.md); {} keeps every default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="88"/>
        <source>CI commands JSON (docs/ci.md): {&quot;normal&quot;: [[&quot;ctest&quot;]], &quot;strict&quot;: [...]}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="89"/>
        <source>R&amp;uleset JSON:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="90"/>
        <source>&amp;CI commands JSON:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="113"/>
        <source>Choose a git repository</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="147"/>
        <source>Repository: choose a git repository directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="150"/>
        <source>Repository: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="154"/>
        <source>Name: a project needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="160"/>
        <source>Ruleset: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="165"/>
        <source>CI commands: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="175"/>
        <source>Base branch %1 of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/projectdialog.cpp" line="193"/>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::PromotionDialog</name>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="26"/>
        <source>Promote run %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="33"/>
        <source>&amp;Promote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="35"/>
        <source>Re&amp;fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="99"/>
        <source>Run %1: %2 into %3 of %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="102"/>
        <source>run state is %1 (needs DONE_SUCCESS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="109"/>
        <source>every tier is clean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="110"/>
        <source>not_clean tiers: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="112"/>
        <source>no budget failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="112"/>
        <source>the run failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="115"/>
        <source>the run&apos;s branch has not been opened in the review tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="116"/>
        <source>%1 of %2 files viewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="123"/>
        <source>cannot read %1 and %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="127"/>
        <source>%1 already contains %2: nothing to promote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="130"/>
        <source>%1 will be fast-forwarded from %2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="134"/>
        <source>%1 moved on since the run branched (%2 -&gt; %3): a merge commit will be made; a conflict refuses the promotion and lists its paths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="140"/>
        <source>[ok] </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="140"/>
        <source>[no] </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="151"/>
        <source>Not promoted: a condition does not hold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="157"/>
        <source>Not promoted: %1 moved from %2 to %3 since this dialog read it; check the conditions again and promote what is shown now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="166"/>
        <source>Not promoted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/promotiondialog.cpp" line="172"/>
        <source>Promoted (%1): %2 is now at %3 (was %4).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::RejectDialog</name>
    <message>
        <location filename="../ui/rejectdialog.cpp" line="17"/>
        <source>Reject phase %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/rejectdialog.cpp" line="20"/>
        <source>Why is phase %1 rejected? The builder receives this reason with its next attempt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/rejectdialog.cpp" line="25"/>
        <source>Reason (required)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/rejectdialog.cpp" line="29"/>
        <source>&amp;Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/rejectdialog.cpp" line="31"/>
        <location filename="../ui/rejectdialog.cpp" line="36"/>
        <source>Type a reason first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::RequestLogView</name>
    <message>
        <location filename="../ui/requestlogview.cpp" line="30"/>
        <source>Filter by path, agent or status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/requestlogview.cpp" line="35"/>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/requestlogview.cpp" line="37"/>
        <source>Keep the rows in view while new requests arrive above them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/requestlogview.cpp" line="135"/>
        <source>1 request shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/requestlogview.cpp" line="135"/>
        <source>%n requests shown</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::ReviewPanel</name>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="74"/>
        <source>&amp;Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="75"/>
        <source>Re&amp;ject with comments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="76"/>
        <source>Pro&amp;mote run...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="88"/>
        <source>Rejection summary (the line comments are added below it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="93"/>
        <source>Auditor findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="95"/>
        <source>Line comments (C on a diff line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="116"/>
        <source>&amp;Comment on this line...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="204"/>
        <source>Phase %1 (%2) has no candidate commit yet: nothing to review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="242"/>
        <source>Computing %1...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="304"/>
        <source>%1 cannot be shown: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="317"/>
        <source>%1: %2 files, +%3 -%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="332"/>
        <source>%1 %2 (%3): %4 [%5]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="341"/>
        <source>%1 by %2 on %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="345"/>
        <source>%1 %2 from %3: %4 [%5]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="368"/>
        <source>earlier: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="369"/>
        <source>earlier, %1:%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="373"/>
        <source>%1:%2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="396"/>
        <source>Comments go on lines of the new side; row %1 is none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="414"/>
        <source>Comments go on lines of the new side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="418"/>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="418"/>
        <source>Comment on this line:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="435"/>
        <source>Not approved: a newer attempt arrived (candidate %1, you saw %2); it is shown now. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="438"/>
        <source>Not approved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="441"/>
        <source>Approved candidate %1 of phase %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="453"/>
        <source>Not rejected: write a summary or comment on a line first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="458"/>
        <source>Not rejected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewpanel.cpp" line="462"/>
        <source>Rejected phase %1 with %2 line comments.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::ReviewSource</name>
    <message>
        <location filename="../ui/reviewsource.cpp" line="32"/>
        <source>Phase %1: candidate %2, all commits together</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewsource.cpp" line="39"/>
        <source>Phase %1: latest commit %2 alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewsource.cpp" line="47"/>
        <source>Phase %1: attempt %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewsource.cpp" line="56"/>
        <source>Phase %1: attempt %2 compared with attempt %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewsource.cpp" line="73"/>
        <source>Run %1: %2 against its merge base with %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/reviewsource.cpp" line="101"/>
        <source>Phase %1: commit %2 alone (+%3 -%4)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::ReviewerActionsFlow</name>
    <message>
        <location filename="../ui/revieweractionsflow.cpp" line="29"/>
        <source>run %1 cannot be promoted from here: the window was started without the engine&apos;s promotion</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::RunTreeDelegate</name>
    <message>
        <location filename="../ui/runtreedelegate.cpp" line="87"/>
        <source>%1 of %2 tokens (%3 %)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/runtreedelegate.cpp" line="90"/>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/runtreedelegate.cpp" line="127"/>
        <source>over: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::StoreReviewerActions</name>
    <message>
        <location filename="../ui/revieweractions.cpp" line="26"/>
        <source>Select a phase waiting at its gate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="31"/>
        <source>Phase %1 is %2, not at its gate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="33"/>
        <source>Phase %1 is at its gate but not waiting for a reviewer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="50"/>
        <source>Select a phase that is executing or at its gate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="55"/>
        <source>Phase %1 is %2; only an executing phase or one at its gate can be audited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="58"/>
        <source>Phase %1 has used all %2 auditor attempts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="65"/>
        <source>Select a run (or something inside it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="70"/>
        <source>Run %1 has already ended (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="72"/>
        <source>Run %1 cannot be cancelled while %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="79"/>
        <source>Select an issue in the backlog.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="87"/>
        <source>Issue %1 is already resolved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="90"/>
        <source>Issue %1 is not in the backlog of project #%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="103"/>
        <source>Candidate %1 is no longer phase %2&apos;s current candidate (%3): review the newer one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="106"/>
        <source>approved by reviewer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="126"/>
        <source>CI runs on phase %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="140"/>
        <source>Approved, but the review record was not stored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="148"/>
        <source>A reason is required to reject phase %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="173"/>
        <source>rejected by reviewer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="195"/>
        <source>phase %1 rejected for revision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="198"/>
        <source>phase %1 failed at its gate; the next phase follows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="201"/>
        <source>the last phase, %1, failed at its gate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="217"/>
        <source>Rejected, but the review record was not stored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="226"/>
        <source>audit requested by reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="227"/>
        <source>audit requested by reviewer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="242"/>
        <source>cancelled by reviewer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/revieweractions.cpp" line="243"/>
        <source>cancelled by reviewer %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::SupervisorReviewerActions</name>
    <message>
        <location filename="../ui/supervisorrevieweractions.cpp" line="76"/>
        <source>requested by reviewer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/supervisorrevieweractions.cpp" line="84"/>
        <source>cancelled by reviewer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/supervisorrevieweractions.cpp" line="92"/>
        <source>resolved by reviewer %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::TranscriptView</name>
    <message>
        <location filename="../ui/transcriptview.cpp" line="27"/>
        <source>What the phase&apos;s agents reported, newest at the bottom. Tool calls, their results and long messages are folded: unfold them with ▸.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/transcriptview.cpp" line="50"/>
        <source>tool result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/transcriptview.cpp" line="119"/>
        <source>Transcript of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/transcriptview.cpp" line="147"/>
        <source>Select a phase to see its agent transcript.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/transcriptview.cpp" line="151"/>
        <source>Transcript of %1: no agent events yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/transcriptview.cpp" line="152"/>
        <source>Transcript of %1 · %n event(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::TrayNotifier</name>
    <message>
        <location filename="../ui/traynotifier.cpp" line="46"/>
        <source>Phase %1 needs approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/traynotifier.cpp" line="47"/>
        <source>%1 (run %2, tier %3) is waiting at its gate for a reviewer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/traynotifier.cpp" line="67"/>
        <source>Run %1 succeeded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/traynotifier.cpp" line="68"/>
        <source>Run %1 ended: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Autopack::Ui::UsageText</name>
    <message>
        <location filename="../ui/usagetext.cpp" line="27"/>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/usagetext.cpp" line="33"/>
        <source>%1 tokens</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="232"/>
        <source>Autopack Control Center — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="251"/>
        <source>Try &apos;autopack --help&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
