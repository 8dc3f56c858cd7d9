<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
