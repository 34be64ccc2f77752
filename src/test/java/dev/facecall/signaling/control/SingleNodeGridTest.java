package dev.facecall.signaling.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The grid of a server alone keeps every promise, both "nodes" being itself. */
class SingleNodeGridTest extends GridContract {

    private final Grid grid = new SingleNodeGrid();

    @Override
    protected Grid first() {
        return grid;
    }

    @Override
    protected Grid second() {
        return grid;
    }

    @Test
    void isAClusterOfOneWithNoOtherNodeToSendTo() {
        assertEquals(1, grid.size());
        assertThrows(IllegalArgumentException.class, () -> grid.send("elsewhere", new Grid.Parcel("u", "{}")));
    }
}
