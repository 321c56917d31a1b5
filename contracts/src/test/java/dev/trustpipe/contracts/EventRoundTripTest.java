package dev.trustpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every event serialises to a document its schema accepts and decodes back equal. */
class EventRoundTripTest {

  private static final EventCodec CODEC = new EventCodec();

  @Property(tries = 300)
  void everyEventRoundTrips(@ForAll("events") CloudEvent<EventData> event) throws IOException {
    byte[] bytes = CODEC.encode(event);

    JsonNode document = SchemaSupport.JSON.readTree(bytes);
    assertThat(SchemaSupport.validate(event.eventType(), document)).isEmpty();

    DecodedEvent decoded = CODEC.decode(bytes);
    assertThat(decoded.event()).isEqualTo(event);
    assertThat(decoded.eventType()).isEqualTo(event.eventType());
    assertThat(decoded.data()).isInstanceOf(event.eventType().dataClass());
    assertThat(CODEC.encode(decoded.event())).isEqualTo(bytes);
  }

  @Property(tries = 100)
  void imagePushedRoundTrips(@ForAll("imagePushed") CloudEvent<ImagePushed> event) {
    assertThat(CODEC.decode(CODEC.encode(event), ImagePushed.class)).isEqualTo(event);
  }

  @Property(tries = 100)
  void tagDeletedRoundTrips(@ForAll("tagDeleted") CloudEvent<TagDeleted> event) {
    assertThat(CODEC.decode(CODEC.encode(event), TagDeleted.class)).isEqualTo(event);
  }

  @Property(tries = 100)
  void trustChangedRoundTrips(@ForAll("trustChanged") CloudEvent<TrustChanged> event) {
    assertThat(CODEC.decode(CODEC.encode(event), TrustChanged.class)).isEqualTo(event);
  }

  @Property(tries = 100)
  void keyRotatedRoundTrips(@ForAll("keyRotated") CloudEvent<KeyRotated> event) {
    assertThat(CODEC.decode(CODEC.encode(event), KeyRotated.class)).isEqualTo(event);
  }

  @Property(tries = 100)
  void eventRejectedRoundTrips(@ForAll("eventRejected") CloudEvent<EventRejected> event) {
    byte[] bytes = CODEC.encode(event);
    assertThat(CODEC.decode(bytes, EventRejected.class)).isEqualTo(event);
    assertThat(FieldChecks.utf8Length(event.data().rawPayload()))
        .isLessThanOrEqualTo(EventRejected.MAX_RAW_PAYLOAD_BYTES);
  }

  @Provide
  Arbitrary<CloudEvent<EventData>> events() {
    return EventArbitraries.cloudEvents();
  }

  @Provide
  Arbitrary<CloudEvent<ImagePushed>> imagePushed() {
    return wrap(EventArbitraries.imagePushed());
  }

  @Provide
  Arbitrary<CloudEvent<TagDeleted>> tagDeleted() {
    return wrap(EventArbitraries.tagDeleted());
  }

  @Provide
  Arbitrary<CloudEvent<TrustChanged>> trustChanged() {
    return wrap(EventArbitraries.trustChanged());
  }

  @Provide
  Arbitrary<CloudEvent<KeyRotated>> keyRotated() {
    return wrap(EventArbitraries.keyRotated());
  }

  @Provide
  Arbitrary<CloudEvent<EventRejected>> eventRejected() {
    return wrap(EventArbitraries.eventRejected());
  }

  private static <T extends EventData> Arbitrary<CloudEvent<T>> wrap(Arbitrary<T> data) {
    return net.jqwik.api.Combinators.combine(
            EventArbitraries.eventIds(),
            EventArbitraries.cloudEventSources(),
            EventArbitraries.instants(),
            data)
        .as(CloudEvent::of);
  }
}
