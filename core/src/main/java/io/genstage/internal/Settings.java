package io.genstage.internal;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Extension;
import akka.actor.typed.ExtensionId;
import akka.actor.typed.Props;
import com.typesafe.config.Config;
import io.genstage.SubscribeOptions;
import java.time.Duration;

/**
 * INTERNAL API. The {@code genstage} section of an actor system's configuration (core's
 * {@code reference.conf} documents each key), read once per system. A value in code always wins:
 * these apply where code gave none.
 */
@InternalApi
public final class Settings implements Extension {
  /** How long an ask made without a timeout waits. */
  public final Duration askTimeout;
  /** The options of a subscription made without any. */
  public final SubscribeOptions<Object> subscribeOptions;
  /** The buffer of a producer made without options. */
  public final int bufferSize;
  /** The remote window of a subscription whose options set none; 0 for its local bounds. */
  final int remoteMaxDemand;
  final int remoteMinDemand;
  /** How long a subscription across nodes waits in silence before it repeats its demand. */
  final Duration reaskInterval;
  /** The props of a stage spawned by {@code StageSpec.spawn}: the dispatcher {@code genstage.dispatcher} names. */
  public final Props stageProps;
  /** How long {@code GenStage.drainOnShutdown} waits when given no timeout. */
  public final Duration drainTimeout;
  /** How long a stall lasts before the stall detector reports it; null when detection is off. */
  final Duration stallAfter;

  Settings(Config config) {
    Config c = config.getConfig("genstage");
    askTimeout = positive(c, "ask-timeout");
    int max = c.getInt("subscribe.max-demand");
    int min = c.hasPath("subscribe.min-demand") ? c.getInt("subscribe.min-demand") : max / 2;
    subscribeOptions = checked("subscribe", () -> SubscribeOptions.defaults().withDemand(max, min));
    bufferSize = c.getInt("producer.buffer-size");
    if (bufferSize < 0) {
      throw new IllegalArgumentException("genstage.producer.buffer-size must be >= 0, got: " + bufferSize);
    }
    remoteMaxDemand = c.getInt("across-nodes.max-demand");
    remoteMinDemand = c.hasPath("across-nodes.min-demand") ? c.getInt("across-nodes.min-demand") : remoteMaxDemand / 2;
    if (remoteMaxDemand != 0) {
      checked("across-nodes", () -> SubscribeOptions.defaults().withRemoteDemand(remoteMaxDemand, remoteMinDemand));
    }
    reaskInterval = positive(c, "across-nodes.reask-interval");
    drainTimeout = positive(c, "shutdown.drain-timeout");
    stallAfter = c.getString("stall-detection.after").equals("off") ? null : positive(c, "stall-detection.after");
    String dispatcher = c.getString("dispatcher");
    if (dispatcher.isEmpty() || dispatcher.equals("akka.actor.default-dispatcher")) {
      stageProps = Props.empty();
    } else if (!config.hasPath(dispatcher)) {
      throw new IllegalArgumentException("genstage.dispatcher names [" + dispatcher + "], which is not configured");
    } else {
      stageProps = DispatcherSelector.fromConfig(dispatcher);
    }
  }

  /** The settings of {@code system}. */
  public static Settings get(ActorSystem<?> system) {
    return Id.INSTANCE.apply(system);
  }

  /** The request with the configured options where code gave none, and the configured remote window. */
  StageCommand.SubscribeRequest applyTo(StageCommand.SubscribeRequest r) {
    SubscribeOptions<?> options = withRemoteWindow(r.options() == null ? subscribeOptions : r.options());
    return options == r.options() ? r
        : new StageCommand.SubscribeRequest(r.producer(), options, r.replaces(), r.replaceReason(), r.replyTo());
  }

  /** {@code options} with the configured remote window, when they set none. */
  SubscribeOptions<?> withRemoteWindow(SubscribeOptions<?> options) {
    if (remoteMaxDemand == 0 || options.remoteMaxDemand() != 0) {
      return options;
    }
    return options.withRemoteDemand(remoteMaxDemand, remoteMinDemand);
  }

  private static Duration positive(Config c, String key) {
    Duration d = c.getDuration(key);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("genstage." + key + " must be positive, got: " + c.getString(key));
    }
    return d;
  }

  // The options' own checks, with the section's name in front.
  private static <T> T checked(String section, java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("genstage." + section + ": " + e.getMessage(), e);
    }
  }

  /** The extension's id: one {@link Settings} per actor system. */
  static final class Id extends ExtensionId<Settings> {
    static final Id INSTANCE = new Id();

    @Override
    public Settings createExtension(ActorSystem<?> system) {
      return new Settings(system.settings().config());
    }
  }
}
