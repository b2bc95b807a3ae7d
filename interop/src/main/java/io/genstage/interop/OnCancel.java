package io.genstage.interop;

/** What a producer made from a stream does when its last consumer cancels. */
public enum OnCancel {
  /** Keep running: a later consumer gets the rest. */
  CONTINUE,
  /** Stop (normally), cancelling the stream it reads from. */
  STOP
}
