import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { applyProposal, draftHosts, draftName, lineDiff, mergeProposal, NEW_PROFILE_TEMPLATE, serviceKey } from './draft';

const draft = `# my cluster, by hand
version: 1
name: prod # the name in the header
hosts:
  # the first broker machine
  - id: kafka-1
    address: 10.0.0.1
    user: ec2-user
services: []
kafka:
  bootstrap: [old:9092]
  zookeeper: old:2181
`;

const proposal = `version: 1
name: discovered
hosts:
  - id: kafka-1
    address: 10.0.0.1
    user: ec2-user
services:
  - id: broker-0
    host: kafka-1
    kind: kafka-broker
    brokerId: 0
pipelines: []
kafka:
  bootstrap:
    - 10.0.0.1:9092
  zookeeper: 10.0.0.1:2181/kafka
`;

describe('the profile editor draft', () => {
  it("accepts a proposal: services and kafka replaced, the user's comments, name and hosts kept", () => {
    const merged = applyProposal(draft, proposal);
    expect(merged).toContain('# my cluster, by hand');
    expect(merged).toContain('# the first broker machine');
    expect(merged).toContain('name: prod # the name in the header');
    expect(merged).toContain('zookeeper: 10.0.0.1:2181/kafka');
    expect(merged).toContain('id: broker-0');
    expect(merged).not.toContain('old:9092');
  });

  it("keeps the draft's own service (its id, comments and overrides) when discovery finds it again, and drops nothing", () => {
    const mine = `version: 1
name: prod
hosts:
  - id: kafka-1
    address: 10.0.0.1
    user: ec2-user
services:
  # broker zero, named as our pipelines and runbooks name it
  - id: b0
    host: kafka-1
    kind: kafka-broker
    brokerId: 0
    commands:
      start: [bin/my-start.sh]
  - id: old-connect
    host: kafka-1
    kind: connect-worker
    installDir: /opt/kafka
    config: config/connect-distributed.properties
kafka:
  bootstrap: [old:9092]
  zookeeper: old:2181
  tunnelVia: kafka-1
`;
    const found = proposal.replace(
      'pipelines: []',
      `  - id: zookeeper
    host: kafka-1
    kind: zookeeper
    installDir: /opt/kafka
    config: /opt/kafka/config/zookeeper.properties
pipelines: []`,
    );
    const r = mergeProposal(mine, found);
    expect(r).toMatchObject({ kept: ['b0'], added: ['zookeeper'], notFound: ['old-connect'] });
    expect(r.yaml).toContain('# broker zero, named as our pipelines and runbooks name it');
    expect(r.yaml).toContain('start: [ bin/my-start.sh ]');
    expect(r.yaml).not.toContain('id: broker-0');
    expect(r.yaml).toContain('tunnelVia: kafka-1');
    expect(r.yaml).toContain('zookeeper: 10.0.0.1:2181/kafka');
  });

  it("adds the proposed pipelines the draft lacks, naming the services by the draft's ids", () => {
    const mine = `version: 1
name: prod
hosts: [{ id: h, address: a, user: u }]
services:
  - { id: my-agent, host: h, kind: flume-agent, agentName: a1, monitoringUrl: 'http://a:1/metrics' }
pipelines: []
`;
    const found = `services:
  - { id: flume-a1, host: h, kind: flume-agent, agentName: a1, monitoringUrl: 'http://a:1/metrics' }
pipelines:
  - { id: flume-a1, engine: flume, service: flume-a1, name: a1, source: s, sink: k }
`;
    const merged = mergeProposal(mine, found).yaml;
    expect(merged).toContain('pipelines:\n  - id: flume-a1\n    engine: flume\n    service: my-agent\n');
    // Accepting again adds nothing more.
    expect(mergeProposal(merged, found).yaml).toBe(merged);
  });

  it("keeps the draft's own pipelines and adds every proposed one it lacks, not only the last", () => {
    const mine = `version: 1
name: prod
hosts: [{ id: h, address: a, user: u }]
services:
  - { id: ingest, host: h, kind: flume-agent, agentName: a1, monitoringUrl: 'http://a:1/metrics' }
pipelines:
  # written by hand
  - { id: mine, engine: command, host: h, name: mine, source: s, sink: k, commands: { start: [x], stop: [y], status: [z] } }
`;
    const found = `services:
  - { id: flume-a1, host: h, kind: flume-agent, agentName: a1, monitoringUrl: 'http://a:1/metrics' }
  - { id: flume-a2, host: h, kind: flume-agent, agentName: a2, monitoringUrl: 'http://a:2/metrics' }
pipelines:
  - { id: flume-a1, engine: flume, service: flume-a1, name: a1, source: s, sink: k }
  - { id: flume-a2, engine: flume, service: flume-a2, name: a2, source: s, sink: k }
`;
    const merged = mergeProposal(mine, found).yaml;
    const ids = (parse(merged) as { pipelines: Array<{ id: string }> }).pipelines.map((p) => p.id);
    expect(ids).toEqual(['mine', 'flume-a1', 'flume-a2']);
    expect(merged).toContain('# written by hand');
    expect(mergeProposal(merged, found).yaml).toBe(merged);
  });

  it('tells a config given relative to its install from the same file given absolute', () => {
    expect(serviceKey({ kind: 'zookeeper', installDir: '/opt/kafka/', config: 'config/zookeeper.properties' })).toBe(
      serviceKey({ kind: 'zookeeper', installDir: '/elsewhere', config: '/opt/kafka/config/zookeeper.properties' }),
    );
  });

  it('fills an empty draft from the proposal', () => {
    const merged = applyProposal('', proposal);
    expect(draftHosts(merged).map((h) => h.id)).toEqual(['kafka-1']);
    expect(draftName(merged)).toBe('discovered');
  });

  it('reads the hosts and name of a draft, and none while it does not parse', () => {
    expect(draftHosts(draft)).toEqual([{ id: 'kafka-1', address: '10.0.0.1', user: 'ec2-user' }]);
    expect(draftName(draft)).toBe('prod');
    expect(draftHosts('hosts: [\n')).toEqual([]);
    expect(draftHosts(NEW_PROFILE_TEMPLATE)).toEqual([]);
  });

  it('diffs line by line', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc')).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
    ]);
  });
});
