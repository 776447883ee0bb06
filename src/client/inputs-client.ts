/**
 * `InputsClient`: the typed facade over the Inputs RPCs of `clarifai.api.V2`.
 * (Bodies are being filled in; the signatures are the public contract.)
 */
import type { Input, InputCount } from '../generated/clarifai/api/resources.pb';
import type {
  AddInputsOptions,
  AddInputsResult,
  CallOptions,
  InputPatch,
  InputSource,
  InputsClientOptions,
  ListInputsOptions,
  ListInputsPageOptions,
  NewInput,
  PatchAction,
  StreamInputsOptions,
  WaitForInputsOptions,
} from './types';

export class InputsClient {
  constructor(_options: InputsClientOptions = {}) {
    throw new Error('InputsClient: not implemented yet');
  }

  addInputs(_inputs: InputSource, _options: AddInputsOptions = {}): Promise<AddInputsResult> {
    throw new Error('not implemented yet');
  }

  addInput(_input: NewInput, _options: CallOptions = {}): Promise<Input> {
    throw new Error('not implemented yet');
  }

  listInputs(_options: ListInputsOptions = {}): AsyncIterableIterator<Input> {
    throw new Error('not implemented yet');
  }

  listInputsPage(_options: ListInputsPageOptions = {}): Promise<Input[]> {
    throw new Error('not implemented yet');
  }

  streamInputs(_options: StreamInputsOptions = {}): AsyncIterableIterator<Input> {
    throw new Error('not implemented yet');
  }

  getInput(_id: string, _options: CallOptions = {}): Promise<Input> {
    throw new Error('not implemented yet');
  }

  patchInputs(_patches: readonly InputPatch[], _action: PatchAction, _options: CallOptions = {}): Promise<Input[]> {
    throw new Error('not implemented yet');
  }

  deleteInputs(_ids: Iterable<string>, _options: CallOptions = {}): Promise<void> {
    throw new Error('not implemented yet');
  }

  getInputCount(_options: CallOptions = {}): Promise<InputCount> {
    throw new Error('not implemented yet');
  }

  waitForInputs(_ids: readonly string[], _options: WaitForInputsOptions = {}): Promise<Input[]> {
    throw new Error('not implemented yet');
  }

  close(): void {}
}
