package io.genstage;

/** Which events a producer keeps when its buffer is full. */
public enum BufferKeep {
  /** Keep the oldest events: new events beyond the buffer size are discarded. */
  FIRST,
  /** Keep the newest events: the oldest buffered events are discarded to make room. The default. */
  LAST
}
