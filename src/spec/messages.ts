// Chat messages and tools as yardstick sees them, independent of any provider's wire format.

export interface ToolCall {
  /** The provider's id for the call, used to link a tool result back to it. */
  id: string;
  name: string;
  /** Arguments exactly as the model produced them (a JSON string, possibly invalid). */
  arguments: string;
}

export type Message =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export type Role = Message['role'];

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
  /** The arguments must follow `parameters` exactly (OpenAI's structured outputs for tools). */
  strict?: boolean;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };
