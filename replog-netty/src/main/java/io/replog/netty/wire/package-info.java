/**
 * What every message of Kafka's wire protocol shares, for servers and clients alike: size-prefixed
 * frames ({@link io.replog.netty.wire.FrameDecoder}, {@link io.replog.netty.wire.FrameEncoder}),
 * request and response headers ({@link io.replog.netty.wire.RequestHeaderCodec},
 * {@link io.replog.netty.wire.ResponseHeaderCodec}) and which header version an API version uses
 * ({@link io.replog.netty.wire.ApiVersionsTable}). Message bodies are not this package's: it hands
 * them on still encoded. Depends on Netty's buffers and codecs only, never on the server.
 */
package io.replog.netty.wire;
