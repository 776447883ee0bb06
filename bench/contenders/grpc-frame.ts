/** gRPC length-prefixed message framing: 1 byte compressed flag (0), 4 bytes big-endian length. */
export function grpcFrame(message: Uint8Array): Buffer {
  const framed = Buffer.allocUnsafe(message.byteLength + 5);
  framed.writeUInt8(0, 0);
  framed.writeUInt32BE(message.byteLength, 1);
  framed.set(message, 5);
  return framed;
}

/** The message inside one framed gRPC response body. */
export function unframe(body: Buffer): Buffer {
  if (body.length < 5) throw new Error(`gRPC body of ${body.length} bytes: shorter than a frame header`);
  const length = body.readUInt32BE(1);
  if (body.length !== length + 5) throw new Error(`gRPC body of ${body.length} bytes holds a ${length}-byte message plus more`);
  return body.subarray(5);
}
