package ai.molecule.wire;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A map that holds at most {@code capacity} entries and forgets the one written longest ago first:
 * putting a key again makes it the youngest; reading does not. For the bounded memories of what
 * was handled (message ids, sessions per conversation, answers to repeat). Not thread-safe: its
 * owner guards it.
 *
 * @param <K> the key
 * @param <V> the value
 */
public final class BoundedLru<K, V> {

  private final int capacity;
  private final LinkedHashMap<K, V> entries;

  /** An empty memory of at most {@code capacity} entries. */
  public BoundedLru(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a bounded memory holds at least one entry, not " + capacity);
    }
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > BoundedLru.this.capacity;
      }
    };
  }

  /** {@code key} with {@code value}, now the youngest entry; the oldest is forgotten when it is full. */
  public void put(K key, V value) {
    entries.remove(key); // re-inserting moves it to the young end
    entries.put(key, value);
  }

  /** The value of {@code key}, or {@code null}. */
  public V get(K key) {
    return entries.get(key);
  }

  public boolean containsKey(K key) {
    return entries.containsKey(key);
  }

  /** Forgets {@code key}; its value, or {@code null}. */
  public V remove(K key) {
    return entries.remove(key);
  }

  public int size() {
    return entries.size();
  }

  public int capacity() {
    return capacity;
  }

  public void clear() {
    entries.clear();
  }

  /** The keys, oldest first: a copy. */
  public List<K> keys() {
    return new ArrayList<>(entries.keySet());
  }

  /** The entries, oldest first: a copy. */
  public List<Map.Entry<K, V>> entries() {
    List<Map.Entry<K, V>> copy = new ArrayList<>();
    entries.forEach((k, v) -> copy.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
    return copy;
  }
}
