package org.sregistry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ChunkPoolTest {

    @Test
    void aChunkGivenBackIsTheNextOneTakenAndNoMoreThanKeepAreKept() {
        ChunkPool pool = new ChunkPool(4096, 2);
        byte[] a = pool.array();
        byte[] b = pool.array();
        byte[] c = pool.array();
        assertThat(a).hasSize(4096).isNotSameAs(b);

        pool.give(a);
        pool.give(b);
        pool.give(c);   // the pool is full: left to the collector
        pool.give(new byte[100]);   // not one of its chunks
        assertThat(pool.kept()).containsExactly(2, 0);
        assertThat(pool.array()).isSameAs(a);
        assertThat(pool.array()).isSameAs(b);
        assertThat(pool.array()).isNotSameAs(c).hasSize(4096);
        assertThat(pool.kept()).containsExactly(0, 0);
    }

    @Test
    void aDirectBufferHasRoomForAChunkAtTheAlignmentAskedAndIsKeptOnlyIfBigEnough() {
        ChunkPool pool = new ChunkPool(8192, 1);
        ByteBuffer small = pool.direct(512);
        assertThat(small.isDirect()).isTrue();
        assertThat(small.alignedSlice(512).capacity()).isGreaterThanOrEqualTo(8192);
        small.position(100).limit(200);
        pool.give(small);

        ByteBuffer again = pool.direct(512);
        assertThat(again).isSameAs(small);
        assertThat(again.position()).as("given out cleared").isZero();
        assertThat(again.limit()).isEqualTo(again.capacity());
        pool.give(again);

        ByteBuffer wider = pool.direct(4096);
        assertThat(wider).as("too small for a larger alignment: a new one").isNotSameAs(small);
        assertThat(wider.alignedSlice(4096).capacity()).isGreaterThanOrEqualTo(8192);
        pool.give(ByteBuffer.allocate(10_000));   // not direct: not kept
        assertThat(pool.kept()).containsExactly(0, 0);
    }

    @Test
    void aPoolThatKeepsNothingKeepsNothing() {
        ChunkPool pool = new ChunkPool(1024, 0);
        byte[] a = pool.array();
        pool.give(a);
        pool.give(pool.direct(512));
        assertThat(pool.kept()).containsExactly(0, 0);
        assertThat(pool.array()).isNotSameAs(a);
    }
}
