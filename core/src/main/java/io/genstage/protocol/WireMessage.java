package io.genstage.protocol;

/**
 * A message the library sends between actors, or a value inside one or in an answer: the
 * subscription protocol, the requests behind {@code GenStage}'s helpers and their answers. Each is
 * an immutable value. The {@code genstage-cluster} module binds its serializer to this interface,
 * so that stages can talk across nodes; nothing here depends on a serialization library.
 */
public interface WireMessage {}
