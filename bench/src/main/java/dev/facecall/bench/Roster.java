package dev.facecall.bench;

/**
 * The names of one crowd's users, {@code <prefix>-<i>} for i below its size: which of them a
 * name is, without a map (a join storm looks up millions of names).
 */
final class Roster {

    private final String namePrefix;
    private final int size;

    Roster(String prefix, int size) {
        this.namePrefix = prefix + "-";
        this.size = size;
    }

    int size() {
        return size;
    }

    String name(int index) {
        return namePrefix + index;
    }

    /** i for the name "prefix-i" of this roster, else -1 (another run's user, or no name). */
    int indexOf(String name) {
        int p = namePrefix.length();
        if (name == null || !name.startsWith(namePrefix) || name.length() == p || name.length() > p + 9) {
            return -1;
        }
        if (name.charAt(p) == '0' && name.length() > p + 1) {
            return -1;
        }
        int value = 0;
        for (int i = p; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value < size ? value : -1;
    }
}
