/** What an upload contender child is asked to do. */
import type { ChannelOptions } from '@grpc/grpc-js';

export interface UploadTask {
  contender: string;
  target: string;
  inputs: number;
  imageBytes: number;
  batchSize: number;
  concurrency: number;
  /** Add two concepts, a negative concept and a metadata object to every input (InputsClient only). */
  labelled?: boolean;
  /** Extra grpc-js channel options (tuning runs); ignored by contenders without a grpc-js channel. */
  channelOptions?: ChannelOptions;
}

/** One contender, set up and connected. `upload` sends inputs [first, first + count). */
export interface Uploader {
  /** Resolves to the number of inputs the server acknowledged. */
  upload(first: number, count: number): Promise<number>;
  /** Work that belongs to setup, not to the timed run (e.g. encoding request templates). */
  prepare?(count: number): void;
  close(): void;
}

export const API_KEY = 'bench-key';
export const USER_APP = { userId: 'bench', appId: 'bench' };
export const MAX_MESSAGE = 1024 * 1024 * 1024;
/** The channel options every grpc-js contender starts from: what the official stub sets. */
export const BASE_CHANNEL_OPTIONS: ChannelOptions = {
  'grpc.max_receive_message_length': MAX_MESSAGE,
  'grpc.max_send_message_length': MAX_MESSAGE,
};
