package io.genstage.dispatch;

import io.genstage.protocol.SubscriptionTag;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Test doubles for driving a {@link Dispatcher} directly, without an actor system: consumer handles
 * that record what they are sent, and a producer context that records infos, asks on behalf and log
 * lines. Both can share a {@link Journal} that keeps everything the dispatcher did in one order.
 */
final class Fakes {

  private Fakes() {}

  /** One thing a dispatcher did, in the order it did it. */
  sealed interface Entry permits Sent, Info {}

  /** A batch sent to a consumer. */
  record Sent(String consumer, List<?> events) implements Entry {}

  /** An info handed to the producer. */
  record Info(Object info) implements Entry {}

  /** The order of sends and infos, across all consumers of one dispatcher. */
  static final class Journal {
    final List<Entry> entries = new ArrayList<>();

    /** Index of the info in the journal, or -1. */
    int indexOfInfo(Object info) {
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i) instanceof Info in && in.info().equals(info)) {
          return i;
        }
      }
      return -1;
    }

    /** Index of the send that carried {@code event}, or -1 (first such send). */
    int indexOfEvent(Object event) {
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i) instanceof Sent s && s.events().contains(event)) {
          return i;
        }
      }
      return -1;
    }
  }

  /** A consumer actor's identity, named for readable messages; equal only to itself. */
  static final class Owner {
    final String name;

    Owner(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return "owner-" + name;
    }
  }

  /** A consumer handle that records every batch it is sent. Equal by tag, as the SPI requires. */
  static final class FakeConsumer<E> implements ConsumerHandle<E> {
    final String name;
    final SubscriptionTag tag;
    final Owner owner;
    final Journal journal;
    final List<List<E>> batches = new ArrayList<>();

    FakeConsumer(String name) {
      this(name, null);
    }

    FakeConsumer(String name, Journal journal) {
      this(name, SubscriptionTag.create(), new Owner(name), journal);
    }

    private FakeConsumer(String name, SubscriptionTag tag, Owner owner, Journal journal) {
      this.name = name;
      this.tag = tag;
      this.owner = owner;
      this.journal = journal;
    }

    /** Another handle object for the same subscription (equal tag). */
    FakeConsumer<E> sameSubscription() {
      return new FakeConsumer<>(name + "'", tag, owner, journal);
    }

    /** A second subscription of the same consumer actor (same owner, new tag). */
    FakeConsumer<E> sameOwnerNewSubscription() {
      return new FakeConsumer<>(name + "#2", SubscriptionTag.create(), owner, journal);
    }

    /** Every event received, in order, across batches. */
    List<E> received() {
      List<E> out = new ArrayList<>();
      batches.forEach(out::addAll);
      return out;
    }

    @Override
    public SubscriptionTag tag() {
      return tag;
    }

    @Override
    public Object owner() {
      return owner;
    }

    @Override
    public void send(List<E> events) {
      List<E> copy = List.copyOf(events);
      batches.add(copy);
      if (journal != null) {
        journal.entries.add(new Sent(name, copy));
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof ConsumerHandle<?> h && h.tag().equals(tag);
    }

    @Override
    public int hashCode() {
      return tag.hashCode();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** A producer context that records delivered infos, asks on behalf, extra production, warnings and errors. */
  static final class FakeContext implements DispatcherContext {
    final Journal journal;
    final List<Object> infos = new ArrayList<>();
    /** As {@code "<consumer>:<demand>"}. */
    final List<String> asksOnBehalf = new ArrayList<>();
    final List<String> cancels = new ArrayList<>();
    /** Each {@code produceMore} demand, in order. */
    final List<Long> producedMore = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final Logger logger = recordingLogger(warnings, errors);

    FakeContext() {
      this(new Journal());
    }

    FakeContext(Journal journal) {
      this.journal = journal;
    }

    /** A consumer that writes to this context's journal. */
    <E> FakeConsumer<E> consumer(String name) {
      return new FakeConsumer<>(name, journal);
    }

    @Override
    public void deliverInfo(Object info) {
      infos.add(info);
      journal.entries.add(new Info(info));
    }

    @Override
    public void cancel(ConsumerHandle<?> consumer, io.genstage.CancelReason reason) {
      cancels.add(consumer + ":" + reason);
    }

    @Override
    public void askOnBehalf(ConsumerHandle<?> consumer, long demand) {
      asksOnBehalf.add(consumer + ":" + demand);
    }

    @Override
    public void produceMore(long demand) {
      producedMore.add(demand);
    }

    @Override
    public Logger log() {
      return logger;
    }

    @Override
    public String producerName() {
      return "test-producer";
    }
  }

  /** An SLF4J logger that keeps the formatted text of warn and error calls and ignores the rest. */
  static Logger recordingLogger(List<String> warnings, List<String> errors) {
    return (Logger) Proxy.newProxyInstance(
        Fakes.class.getClassLoader(),
        new Class<?>[] {Logger.class},
        (proxy, method, args) -> {
          String name = method.getName();
          if ((name.equals("warn") || name.equals("error"))
              && args != null && args.length >= 1 && args[0] instanceof String format) {
            Object[] params;
            if (args.length == 2 && args[1] instanceof Object[] varargs) {
              params = varargs;
            } else {
              params = Arrays.copyOfRange(args, 1, args.length);
            }
            String text = MessageFormatter.arrayFormat(format, params).getMessage();
            (name.equals("warn") ? warnings : errors).add(text);
            return null;
          }
          if (name.equals("getName") || name.equals("toString")) {
            return "recording-logger";
          }
          if (name.equals("hashCode")) {
            return System.identityHashCode(proxy);
          }
          if (name.equals("equals")) {
            return proxy == args[0];
          }
          if (method.getReturnType() == boolean.class) {
            return name.startsWith("is"); // every level enabled
          }
          return null;
        });
  }

  /** The integers {@code from .. to-1}. */
  static List<Integer> range(int fromInclusive, int toExclusive) {
    return IntStream.range(fromInclusive, toExclusive).boxed().toList();
  }
}
