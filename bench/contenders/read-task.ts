/** What a list / stream contender child is asked to do. */
import type { ChannelOptions } from '@grpc/grpc-js';

export interface ReadTask {
  contender: string;
  /** ListInputs pages by number, or StreamInputs by `last_id` cursor. */
  rpc: 'list' | 'stream';
  target: string;
  /** Inputs the server holds: the contender checks it saw every one, in order. */
  total: number;
  perPage: number;
  channelOptions?: ChannelOptions;


}

/** One contender: `read` walks every input once, calling `seen(id, metadataIndex)` for each. */
export interface Reader {
  read(seen: (id: string, metadataIndex: number) => void): Promise<void>;
  close(): void;
}
