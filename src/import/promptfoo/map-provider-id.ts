// promptfoo provider ids (`openai:chat:gpt-4o-mini`, `vertex:gemini-2.0-flash`) to yardstick model ids, or the
// reason there is none. JavaScript files become `function:` models through an adapter (see provider-adapter.ts).

export type ProviderFamily = 'openai' | 'anthropic' | 'google' | 'azure' | 'bedrock' | 'compatible';

export type MappedProviderId =
  | { kind: 'model'; id: string; family: ProviderFamily; approximation?: string }
  | { kind: 'javascript'; file: string }
  | { kind: 'file'; file: string }
  | { kind: 'none'; reason: string };

/** promptfoo prefixes served by one of yardstick's OpenAI-compatible presets. */
const compatiblePrefixes: Record<string, string> = {
  openrouter: 'openrouter',
  mistral: 'mistral',
  groq: 'groq',
  togetherai: 'together',
  fireworks: 'fireworks',
  deepseek: 'deepseek',
  xai: 'xai',
};

const openaiOtherApis = [
  'completion',
  'embedding',
  'embeddings',
  'assistant',
  'realtime',
  'image',
  'moderation',
];

const none = (id: string, why = 'has no yardstick equivalent'): MappedProviderId => ({
  kind: 'none',
  reason: `provider "${id}" ${why}`,
});

/** `prefix:api:model` → the model once the API segment is dropped, when the API is one of `apis`. */
const stripApi = (rest: string, apis: string[]): { api?: string; model: string } => {
  const colon = rest.indexOf(':');
  const api = colon > 0 ? rest.slice(0, colon) : undefined;
  return api !== undefined && apis.includes(api) ? { api, model: rest.slice(colon + 1) } : { model: rest };
};

const mapOpenai = (id: string, rest: string): MappedProviderId => {
  const { api, model } = stripApi(rest, ['chat', 'responses', ...openaiOtherApis]);
  if (api !== undefined && openaiOtherApis.includes(api))
    return none(id, `uses the ${api} API; yardstick calls chat models`);
  if (model === '') return none(id, 'names no model');
  const approximation =
    api === 'responses' ? 'the Responses API is called as Chat Completions, with the same model' : undefined;
  return {
    kind: 'model',
    id: `openai:${model}`,
    family: 'openai',
    ...(approximation ? { approximation } : {}),
  };
};

const javascriptFile = /\.(m|c)?js$/i;

const mapFile = (id: string): MappedProviderId => {
  const file = id.replace(/^file:\/\//, '');
  if (javascriptFile.test(file)) return { kind: 'javascript', file };
  if (/\.(ya?ml|json)$/i.test(file)) return { kind: 'file', file };
  if (/\.(ts|mts|cts)$/i.test(file))
    return none(id, 'is TypeScript, which Node 20 cannot load; build it to .js and import again');
  return none(id);
};

/** Maps one promptfoo provider id. */
export const mapProviderId = (id: string): MappedProviderId => {
  if (id.startsWith('file://')) return mapFile(id);
  const colon = id.indexOf(':');
  const prefix = colon > 0 ? id.slice(0, colon) : id;
  const rest = colon > 0 ? id.slice(colon + 1) : '';
  if (rest === '') return none(id);
  switch (prefix) {
    case 'openai':
      return mapOpenai(id, rest);
    case 'anthropic': {
      const { api, model } = stripApi(rest, ['messages', 'completion']);
      if (api === 'completion') return none(id, 'uses the legacy completion API');
      return { kind: 'model', id: `anthropic:${model}`, family: 'anthropic' };
    }
    case 'google':
    case 'vertex': {
      const { model } = stripApi(rest, ['chat']);
      const approximation =
        prefix === 'vertex'
          ? 'Vertex AI is called as the Gemini API (key from GEMINI_API_KEY), not through a Google Cloud project'
          : undefined;
      return {
        kind: 'model',
        id: `google:${model}`,
        family: 'google',
        ...(approximation ? { approximation } : {}),
      };
    }
    case 'azure':
    case 'azureopenai': {
      const { api, model } = stripApi(rest, [
        'chat',
        'completion',
        'embedding',
        'embeddings',
        'responses',
        'assistant',
      ]);
      if (api !== undefined && api !== 'chat')
        return none(id, `uses the Azure ${api} API; yardstick calls chat deployments`);
      return { kind: 'model', id: `azure:${model}`, family: 'azure' };
    }
    case 'bedrock': {
      const { api, model } = stripApi(rest, [
        'converse',
        'agents',
        'kb',
        'completion',
        'embeddings',
        'messages',
      ]);
      if (api !== undefined && api !== 'converse')
        return none(id, `uses Bedrock's ${api} API; yardstick calls models through the Converse API`);
      return { kind: 'model', id: `bedrock:${model}`, family: 'bedrock' };
    }
    case 'ollama': {
      const { api, model } = stripApi(rest, ['chat', 'completion', 'embeddings', 'embedding']);
      if (api?.startsWith('embedding')) return none(id, 'is an embedding model');
      const approximation =
        api === 'chat' ? undefined : 'the completion API is called as chat, with the same model';
      return {
        kind: 'model',
        id: `ollama:${model}`,
        family: 'compatible',
        ...(approximation ? { approximation } : {}),
      };
    }
    default: {
      const preset = compatiblePrefixes[prefix];
      if (preset === undefined) return none(id);
      const { model } = stripApi(rest, ['chat']);
      return { kind: 'model', id: `${preset}:${model}`, family: 'compatible' };
    }
  }
};
