#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Fills translations/recscope_<lang>.ts from the table in tools/<lang>.py after `update_translations`.
# Leaves untranslated (and reports) every source the table lacks.
import importlib.util, pathlib, sys
import xml.etree.ElementTree as ET

lang = sys.argv[1] if len(sys.argv) > 1 else 'zh_CN'
here = pathlib.Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location(lang, here / f'{lang}.py')
table = importlib.util.module_from_spec(spec); spec.loader.exec_module(table)
ts = here.parent / f'recscope_{lang}.ts'
tree = ET.parse(ts)
missing = []
for msg in tree.getroot().iter('message'):
    src = msg.find('source').text
    tr = msg.find('translation')
    text = table.T.get(src)
    if text is None:
        missing.append(src)
        continue
    tr.attrib.pop('type', None)
    if msg.get('numerus') == 'yes':
        for n in list(tr):
            tr.remove(n)
        tr.text = None
        form = ET.SubElement(tr, 'numerusform')
        form.text = text
    else:
        tr.text = text
ET.indent(tree, space='    ')
body = ET.tostring(tree.getroot(), encoding='unicode')
ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + '\n', encoding='utf-8')
for m in missing:
    print('untranslated:', repr(m))
sys.exit(1 if missing else 0)
