import type { HandlersFor } from '../../api/contract';
import type { datalakeMethods } from '../../api/methods/datalake';
import type { HandlerDeps } from './deps';

export function datalakeHandlers(deps: HandlerDeps): HandlersFor<typeof datalakeMethods> {
  const lake = async () => (await deps.session()).datalake;
  return {
    'datalake.landings': async () => (await lake()).landings(),
    'datalake.list': async ({ pipeline }) => (await lake()).list(pipeline),
    'datalake.head': async ({ pipeline, path, lines }) => (await lake()).head(pipeline, path, lines),
    'datalake.count': async ({ pipeline, path }) => (await lake()).count(pipeline, path),
    'datalake.landedVsProduced': async ({ pipeline }) => (await lake()).landedVsProduced(pipeline),
  };
}
