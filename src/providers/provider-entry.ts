// What the registry knows about one provider: where it lives, which key it reads, whether it has a list price,
// and how to make its models from a resolved connection.
import type { Transport } from '../http/transport.js';
import type { WireFormatId } from '../spec/extra-fields.js';
import type { CallOptions, EmbeddingModel, LanguageModel } from '../spec/language-model.js';

/** Everything a provider needs to build a model, resolved by the registry from the model config and context. */
export interface Connection {
  /** The whole `provider:model` id, for messages. */
  modelId: string;
  /** The part after `provider:`, e.g. `gpt-4o-mini` or an Azure deployment name. */
  modelName: string;
  baseUrl: string | undefined;
  /** The key from `apiKeyEnv` or the entry's default variables; undefined when none is needed or none applies. */
  apiKey: string | undefined;
  headers: Record<string, string> | undefined;
  transport: Transport | undefined;
  baseDir: string;
  /** The environment, for settings beyond one key (an Azure endpoint, AWS credentials and region). */
  env: Record<string, string | undefined>;
  /** The model's `options.timeoutMs`; the `function` provider bounds importing the module with it. */
  timeoutMs: number | undefined;
}

export interface ProviderEntry {
  /** Where requests go unless the config sets `baseUrl`; undefined when there is no fixed server. */
  defaultBaseUrl: string | undefined;
  /** Environment variables holding the key, the first one set wins; empty when the server needs none. */
  apiKeyEnv: readonly string[];
  /** Whether the default key is still needed when `baseUrl` points elsewhere. */
  keyFollowsBaseUrl: boolean;
  /** Runs on the user's own hardware or code: no list price exists, so it is never priced from the table. */
  unpriced: boolean;
  /**
   * The wire formats its requests are in: a client's extra fields in one of these (wire-fields.ts in the
   * gateway) reach its models as the client sent them; empty for a provider with its own API.
   */
  speaks: readonly WireFormatId[];
  /** Options of the common call its API has no place for (its models warn and leave them out); the gateway refuses them. */
  cannotTake?: readonly (keyof CallOptions)[];
  languageModel(connection: Connection): LanguageModel;
  embeddingModel?(connection: Connection): EmbeddingModel;
}
