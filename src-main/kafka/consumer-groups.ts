import kafkajs, { type Admin } from 'kafkajs';
import { fail } from '../common/errors';
import type { KafkaConnection } from './kafka-client';
import { commitOffsets, COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR } from './offset-commit';
import { type GroupSummary, type GroupDetail, type PlannedOffset, type ResetTarget } from './schemas';

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

/** Kafka's answers that mean the group has members again (a consumer joined since it was checked). */
const groupBusy = new Set([22, 25, 27]); // ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, REBALANCE_IN_PROGRESS
const coordinatorMoving = new Set([COORDINATOR_LOAD_IN_PROGRESS, COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR]);

/** Commits the offsets as the group's admin (see offset-commit.ts); a coordinator that is moving is asked again, once. */
async function commitWithoutJoining(
  conn: KafkaConnection,
  admin: Admin,
  groupId: string,
  topic: string,
  offsets: ReadonlyArray<{ partition: number; offset: number }>,
): Promise<void> {
  const { brokers } = await admin.describeCluster();
  const any = brokers[0];
  if (!any) fail('kafka_unreachable', 'No broker answered, so no offset could be committed.');
  let results = await commitOffsets(conn, any, groupId, topic, offsets);
  if (results.some((r) => coordinatorMoving.has(r.errorCode))) {
    await new Promise((r) => setTimeout(r, 1_000));
    results = await commitOffsets(conn, any, groupId, topic, offsets);
  }
  const failed = results.find((r) => r.errorCode !== 0);
  if (!failed) return;
  if (groupBusy.has(failed.errorCode))
    fail('conflict', `Group ${groupId} got a member while its offsets were being reset; offsets can only be reset while it is empty.`, {
      hint: 'Stop its consumers first.',
    });
  fail('conflict', `Kafka refused to reset ${groupId} on ${topic} partition ${failed.partition} (error code ${failed.errorCode}).`);
}

/** As kafka-consumer-groups.sh --to-offset does: an offset before the log start or past the end moves to that bound. */
function clampOffset(offset: number, bounds: { low: string; high: string }): number {
  return Math.min(Math.max(offset, Number(bounds.low)), Number(bounds.high));
}

/**
 * Deletes a group's committed offsets and the group itself. Kafka refuses while it has members (NON_EMPTY_GROUP);
 * asking first gives the member count in the message.
 */
export async function deleteGroup(admin: Admin, groupId: string): Promise<void> {
  const known = (await admin.listGroups()).groups.some((x) => x.groupId === groupId);
  if (!known) fail('not_found', `No consumer group "${groupId}".`);
  const g = (await admin.describeGroups([groupId])).groups[0];
  if (g && g.members.length > 0)
    fail('conflict', `Group ${groupId} has ${g.members.length} active member(s); only an empty group can be deleted.`, {
      hint: 'Stop its consumers first, then delete it.',
    });
  try {
    await admin.deleteGroups([groupId]);
  } catch (err) {
    // kafkajs reports each group's error in `groups` (KafkaJSDeleteGroupsError).
    const failed = (err as { groups?: Array<{ error?: { type?: string; message?: string } }> }).groups?.[0]?.error;
    if (failed?.type === 'NON_EMPTY_GROUP')
      fail('conflict', `Group ${groupId} got a member while it was being deleted; only an empty group can be deleted.`, {
        hint: 'Stop its consumers first, then delete it.',
      });
    if (failed?.type === 'GROUP_ID_NOT_FOUND') fail('not_found', `No consumer group "${groupId}".`);
    throw err;
  }
}

async function refuseActiveGroup(admin: Admin, groupId: string): Promise<void> {
  const { groups } = await admin.describeGroups([groupId]);
  const g = groups[0];
  if (g && g.members.length > 0) {
    fail('conflict', `Group ${groupId} has ${g.members.length} active member(s); offsets can only be reset while it is empty.`, {
      hint: 'Stop its consumers first.',
    });
  }
}

/** Works out a reset without committing it: what a preview shows, and what resetOffsets then commits. */
export async function planReset(admin: Admin, groupId: string, topic: string, to: ResetTarget): Promise<PlannedOffset[]> {
  const targets = await targetOffsets(admin, topic, to);
  const [committed, ends] = await Promise.all([admin.fetchOffsets({ groupId, topics: [topic] }), admin.fetchTopicOffsets(topic)]);
  const current = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
  return targets
    .map((t) => {
      const e = ends.find((x) => x.partition === t.partition);
      const c = current.get(t.partition);
      return { ...t, current: c !== undefined && c >= 0 ? c : null, logStart: Number(e?.low ?? 0), logEnd: Number(e?.high ?? 0) };
    })
    .sort((a, b) => a.partition - b.partition);
}

/** Moves a group's committed offsets on one topic. Kafka allows it only while the group has no members. */
export async function resetOffsets(
  conn: KafkaConnection,
  admin: Admin,
  groupId: string,
  topic: string,
  to: ResetTarget,
): Promise<Array<{ partition: number; offset: number }>> {
  await refuseActiveGroup(admin, groupId);
  const partitions = await targetOffsets(admin, topic, to);
  await commitWithoutJoining(conn, admin, groupId, topic, partitions);
  return partitions.sort((a, b) => a.partition - b.partition);
}

async function targetOffsets(admin: Admin, topic: string, to: ResetTarget): Promise<Array<{ partition: number; offset: number }>> {
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
  } else if ('offset' in to) {
    partitions = ends.map((e) => ({ partition: e.partition, offset: clampOffset(to.offset, e) }));
  } else {
    partitions = to.offsets.map((o) => {
      const e = ends.find((x) => x.partition === o.partition);
      if (!e) fail('invalid_input', `Topic ${topic} has no partition ${o.partition}.`, { field: 'to.offsets' });
      return { partition: o.partition, offset: clampOffset(o.offset, e) };
    });
  }
  return partitions;
}
