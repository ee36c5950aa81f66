import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * A trivial Spark application, compiled by SparkClusterIT against the cluster's own jars: a shuffle
 * (reduceByKey) over four partitions, then the ids of the executors that ran a task.
 */
public final class TwoExecutorsJob {
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("two-executors").getOrCreate();
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<Integer> numbers = new ArrayList<>();
    for (int i = 1; i <= 1000; i++) {
      numbers.add(i);
    }
    long sum = sc.parallelize(numbers, 4)
        .mapToPair(i -> new Tuple2<>(i % 10, (long) i))
        .reduceByKey(Long::sum)
        .values()
        .reduce(Long::sum);
    List<String> executors = sc.parallelize(numbers, 4).map(i -> SparkEnv.get().executorId()).distinct().collect();
    System.out.println("RESULT sum=" + sum + " executors=" + new TreeSet<>(executors).size());
    spark.stop();
  }
}
