import kafkajs, { type Admin } from 'kafkajs';
import { AppFailure, fail } from '../common/errors';
import { type GroupSummary, type GroupDetail, type ResetTarget } from './schemas';

const { AssignerProtocol } = kafkajs;

export async function listGroups(admin: Admin): Promise<GroupSummary[]> {
  const { groups } = await admin.listGroups();
  if (groups.length === 0) return [];
  const described = await admin.describeGroups(groups.map((g) => g.groupId));
  return described.groups
    .map((g) => ({ groupId: g.groupId, state: g.state, protocolType: g.protocolType, members: g.members.length }))
    .sort((a, b) => a.groupId.localeCompare(b.groupId));
}

function decodeAssignment(buf: Buffer): Array<{ topic: string; partitions: number[] }> {
  try {
    const decoded = AssignerProtocol.MemberAssignment.decode(buf);
    return Object.entries(decoded?.assignment ?? {}).map(([topic, partitions]) => ({
      topic,
      partitions: [...partitions].sort((a, b) => a - b),
    }));
  } catch {
    // Non-consumer protocols (Connect workers) carry a different assignment format.
    return [];
  }
}

/** Members, and lag per partition: committed offsets against the log start and end of every partition the group touched. */
export async function describeGroup(admin: Admin, groupId: string): Promise<GroupDetail> {
  const { groups } = await admin.describeGroups([groupId]);
  const g = groups[0];
  if (!g || (g.state === 'Dead' && g.members.length === 0)) {
    const known = (await admin.listGroups()).groups.some((x) => x.groupId === groupId);
    if (!known) fail('not_found', `No consumer group "${groupId}".`);
  }
  const committed = await admin.fetchOffsets({ groupId });
  const offsets: GroupDetail['offsets'] = [];
  for (const t of committed) {
    const ends = await admin.fetchTopicOffsets(t.topic);
    for (const p of t.partitions) {
      const end = ends.find((e) => e.partition === p.partition);
      const logEnd = Number(end?.high ?? 0);
      const logStart = Number(end?.low ?? 0);
      const c = Number(p.offset);
      const has = c >= 0;
      offsets.push({
        topic: t.topic,
        partition: p.partition,
        committed: has ? c : null,
        logStart,
        logEnd,
        lag: Math.max(0, logEnd - (has ? c : logStart)),
      });
    }
  }
  offsets.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  return {
    groupId,
    state: g?.state ?? 'Unknown',
    protocol: g?.protocol ?? '',
    members: (g?.members ?? []).map((m) => ({
      memberId: m.memberId,
      clientId: m.clientId,
      host: m.clientHost,
      assignment: decodeAssignment(m.memberAssignment),
    })),
    offsets: offsets.filter((o) => o.committed !== null || o.logEnd > 0),
    totalLag: offsets.reduce((n, o) => n + o.lag, 0),
  };
}

/** Moves a group's committed offsets on one topic. Kafka allows it only while the group has no members. */
export async function resetOffsets(
  admin: Admin,
  groupId: string,
  topic: string,
  to: ResetTarget,
): Promise<Array<{ partition: number; offset: number }>> {
  const { groups } = await admin.describeGroups([groupId]);
  const g = groups[0];
  if (g && g.members.length > 0) {
    fail('conflict', `Group ${groupId} has ${g.members.length} active member(s); offsets can only be reset while it is empty.`, {
      hint: 'Stop its consumers first.',
    });
  }
  const ends = await admin.fetchTopicOffsets(topic);
  if (ends.length === 0) fail('not_found', `No topic "${topic}".`);
  let partitions: Array<{ partition: number; offset: number }>;
  if (to === 'earliest') partitions = ends.map((e) => ({ partition: e.partition, offset: Number(e.low) }));
  else if (to === 'latest') partitions = ends.map((e) => ({ partition: e.partition, offset: Number(e.high) }));
  else if ('timestamp' in to) {
    const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, to.timestamp);
    partitions = byTime.map((p) => {
      const end = Number(ends.find((e) => e.partition === p.partition)?.high ?? 0);
      const o = Number(p.offset);
      return { partition: p.partition, offset: o < 0 ? end : o };
    });
  } else {
    partitions = ends.map((e) => ({ partition: e.partition, offset: Math.min(Math.max(to.offset, Number(e.low)), Number(e.high)) }));
  }
  try {
    await admin.setOffsets({ groupId, topic, partitions: partitions.map((p) => ({ partition: p.partition, offset: String(p.offset) })) });
  } catch (err) {
    throw new AppFailure({ code: 'conflict', message: `Kafka refused to reset ${groupId}: ${(err as Error).message}` });
  }
  return partitions.sort((a, b) => a.partition - b.partition);
}
