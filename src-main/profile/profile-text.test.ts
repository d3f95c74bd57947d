import { describe, expect, it } from 'vitest';
import { addHostsToText } from './profile-files';
import type { Host } from './schemas';

const host = (id: string): Host => ({ id, address: `${id}.internal`, port: 22, user: 'ec2-user', passphrasePrompt: false, agent: false });

describe('adding hosts to profile text', () => {
  it("keeps the draft's comments and the hosts already there, and works on a draft that does not validate yet", () => {
    const draft = '# prod, by hand\nversion: 1\nhosts:\n  # the old one\n  - id: a\n    address: a.internal\n    user: me\n';
    const r = addHostsToText(draft, [host('a'), host('b')]);
    expect(r).toMatchObject({ added: ['b'], kept: ['a'] });
    expect(r.text).toContain('# prod, by hand');
    expect(r.text).toContain('# the old one');
    expect(r.text).toContain('address: b.internal');
  });

  it("turns the new profile's `hosts: []` into a block list, without the schema's defaults", () => {
    const text = addHostsToText('version: 1\nhosts: []\n', [host('a')]).text;
    expect(text).toBe('version: 1\nhosts:\n  - id: a\n    address: a.internal\n    port: 22\n    user: ec2-user\n');
  });

  it('starts a host list in an empty draft, and refuses text that is not YAML', () => {
    expect(addHostsToText('', [host('a')]).text).toContain('id: a');
    expect(() => addHostsToText('hosts: [\n', [host('a')])).toThrow(/not valid YAML/);
  });
});
