import type { HandlersFor } from '../../api/contract';
import type { kafkaMethods } from '../../api/methods/kafka';
import { fail } from '../../common/errors';
import { refuseUnfitTopic } from '../../kafka/topic-rules';
import type { HandlerDeps } from './deps';

export function kafkaHandlers(deps: HandlerDeps): HandlersFor<typeof kafkaMethods> {
  const admin = async () => (await deps.session()).admin();
  return {
    'groups.list': async () => (await admin()).listGroups(),
    'groups.describe': async ({ groupId }) => (await admin()).describeGroup(groupId),
    'groups.resetOffsets': async ({ groupId, topic, to }) => (await admin()).resetOffsets(groupId, topic, to),
    'groups.previewReset': async ({ groupId, topic, to }) => (await admin()).planReset(groupId, topic, to),
    'groups.lagHistory': async ({ groupId, since, perPartition }) =>
      (await deps.session()).lagHistory.read(groupId, { ...(since !== undefined ? { since } : {}), perPartition }),
    'groups.delete': async ({ groupId }) => {
      await (await admin()).deleteGroup(groupId);
      return { groupId };
    },
    'topics.storage': async () => (await admin()).topicStorage(),
    'topics.endOffset': async ({ name }) => {
      const endOffset = await (await admin()).topicEndOffset(name);
      return { endOffset, at: new Date().toISOString() };
    },
    'messages.browse': async (req) => (await admin()).browse(req),
    'messages.produce': async (req) => (await admin()).produce(req),
    'topics.create': async (req) => {
      const session = await deps.session();
      refuseUnfitTopic(await (await session.watch()).state(), req);
      await (await session.admin()).createTopic(req);
      return { name: req.name };
    },
    'topics.delete': async ({ name, confirm }) => {
      if (confirm !== name) fail('invalid_input', `Type the topic name "${name}" to confirm its deletion.`, { field: 'confirm' });
      await (await admin()).deleteTopic(name);
      return { name };
    },
    'topics.addPartitions': async ({ name, partitions }) => ({
      name,
      partitions,
      ...(await (await admin()).addPartitions(name, partitions)),
    }),
    'partitions.electPreferredLeaders': async (target) => (await admin()).electPreferredLeaders(target),
    'topics.configs': async ({ name }) => (await admin()).topicConfigs(name),
    'brokers.configs': async ({ brokerId }) => (await admin()).brokerConfigs(brokerId),
    'topics.alterConfigs': async ({ name, set, remove, validateOnly }) => {
      const a = await admin();
      await a.changeConfigs({ topic: name }, { set, remove }, validateOnly);
      return a.topicConfigs(name);
    },
    'brokers.alterConfigs': async ({ brokerId, set, remove, validateOnly }) => {
      await (await admin()).changeConfigs({ broker: brokerId }, { set, remove }, validateOnly);
      return { brokerId, set: Object.keys(set), removed: [...remove], validateOnly };
    },
  };
}
