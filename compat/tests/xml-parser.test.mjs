// The strict parser stands in for ElementTree: it must reject what ElementTree rejects, or the PY flows could
// pass on XML python-plexapi cannot read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml } from '../lib/xml.mjs';

test('xml parser: reads a PMS-style document with entities and non-ASCII', () => {
  const doc = parseXml('<?xml version="1.0" encoding="UTF-8"?>\n<MediaContainer size="1"><Video title="Am&#xE9;lie &amp; co" ratingKey="3"><Media><Part key="/library/parts/1/2/file.mp4"/></Media></Video></MediaContainer>\n');
  assert.equal(doc.children[0].attrs.title, 'Amélie & co');
  assert.equal(doc.children[0].children[0].children[0].attrs.key, '/library/parts/1/2/file.mp4');
});

test('xml parser: rejects what ElementTree rejects', () => {
  for (const bad of ['<a><b></a>', '<a x=1/>', '<a x="&"/>', '<a x="&nbsp;"/>', '<a/><b/>', '<a x="1" x="2"/>', '<a>', '<a/>junk', '{"MediaContainer":{}}', '']) {
    assert.throws(() => parseXml(bad), /not well-formed XML/, `accepted ${JSON.stringify(bad)}`);
  }
});
